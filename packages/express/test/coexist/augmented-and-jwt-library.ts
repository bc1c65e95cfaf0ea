// Both global declarations at once clash (TS2717): the reason the augmentation is opt-in.
import "./jwt-library";
import "@keyward/express/augment";
