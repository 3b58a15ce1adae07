export function AccessDenied({ what }: { what: string }) {
  return (
    <section className="card denied" role="alert">
      <h1>Access denied</h1>
      <p>Your role does not allow you to view {what}. Ask a customer admin of your organization if you need it.</p>
    </section>
  );
}
