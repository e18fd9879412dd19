using System.Text;

namespace Aitbc.Orleans.Trust;

/// <summary>A verified session, with the id bytes the filter compares grain keys against (grain keys are UTF-8).</summary>
public sealed class AuthenticatedCaller(CallerIdentity identity, DateTimeOffset expiresAt)
{
    public CallerIdentity Identity { get; } = identity;

    public DateTimeOffset ExpiresAt { get; } = expiresAt;

    public byte[] IdUtf8 { get; } = Encoding.UTF8.GetBytes(identity.Id);

    /// <summary>"{id}:", the prefix of every GPU id a miner owns.</summary>
    public byte[] GpuPrefixUtf8 { get; } = Encoding.UTF8.GetBytes(identity.Id + ":");

    public string GpuPrefix { get; } = identity.Id + ":";
}
