/** What creator.applied and creator.approved carry: enough to find the creator through the API (GET /creators/{id}). */
export function buildCreatorEventData(creator: { id: string; handle: string; name: string; email: string; status: string; refToken: string }) {
  return { creatorId: creator.id, handle: creator.handle, name: creator.name, email: creator.email, status: creator.status, refToken: creator.refToken };
}
