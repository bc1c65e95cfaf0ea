// Both declarations at once clash (TS2717): the reason the augmentation is opt-in.
import "./other-library";
import "@keyward/hono/augment";
