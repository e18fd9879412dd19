using System.Text.Json;
using Aitbc.Orleans.Jobs;

namespace Aitbc.Orleans.Gateway.Contracts;

/// <summary>
/// A job's verification as HTTP and gRPC show it: none (not drawn), "pending" (result delivered, the check still
/// running), or the verdict (confirmed, primaryWrong: the outputs were replaced by the majority's, verifierWrong,
/// inconclusive, unverified).
/// </summary>
public static class VerificationText
{
    public const string Pending = "pending";

    public static string? Of(JobView view)
    {
        ArgumentNullException.ThrowIfNull(view);
        return view.VerificationPending ? Pending : view.Verification is { } outcome ? JsonNamingPolicy.CamelCase.ConvertName(outcome.ToString()) : null;
    }
}
