using Aitbc.Orleans.Jobs;

namespace Aitbc.Orleans.Gateway.Jobs;

/// <summary>The job a submission created, or the one an earlier submission with the same idempotency key created.</summary>
public sealed record SubmittedJob(JobView View, bool Replayed);
