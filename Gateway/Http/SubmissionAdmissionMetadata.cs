namespace Aitbc.Orleans.Gateway.Http;

/// <summary>Marks a job submission endpoint: it counts against the gateway's bound on submissions in flight.</summary>
public sealed class SubmissionAdmissionMetadata;
