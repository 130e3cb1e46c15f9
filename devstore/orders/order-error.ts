/**
 * A request the devstore will not carry out on an order (unknown variant, expired code, refunding more than was
 * bought), with the HTTP status the control API answers and a message that says what to do instead.
 */
export class OrderError extends Error {
  readonly status: 404 | 409 | 422;

  constructor(status: 404 | 409 | 422, message: string) {
    super(message);
    this.name = "OrderError";
    this.status = status;
  }
}
