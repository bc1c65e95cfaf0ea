// What express-jwt-style libraries declare: their own `req.auth`, of their own type.
declare global {
  namespace Express {
    interface Request {
      auth?: { sub: string; scope: string };
    }
  }
}

export {};
