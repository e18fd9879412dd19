using System.Globalization;
using System.Text;

namespace Aitbc.Orleans.Fleet;

/// <summary>
/// The canonical bytes a miner signs to register: every field of the registration and of each GPU, and the cluster
/// challenge, each written as "name=length:value" so that no two registrations share a payload.
/// </summary>
public static class MinerRegistrationPayload
{
    /// <summary>The registration for a fresh cluster challenge, signed by <paramref name="sign"/> (ECDSA P-256, IEEE P1363).</summary>
    public static MinerRegistration Sign(MinerRegistration registration, string challenge, Func<byte[], byte[]> sign)
    {
        ArgumentNullException.ThrowIfNull(registration);
        ArgumentNullException.ThrowIfNull(sign);
        var unsigned = registration with { Challenge = challenge, Signature = null };
        return unsigned with { Signature = Convert.ToBase64String(sign(For(unsigned))) };
    }

    public static byte[] For(MinerRegistration registration)
    {
        ArgumentNullException.ThrowIfNull(registration);
        var text = new StringBuilder("aitbc-miner-registration/v1\n");
        Field(text, "miner", registration.MinerId);
        Field(text, "owner", registration.OwnerAccountId);
        Field(text, "key", registration.PublicKey);
        Field(text, "version", registration.Version);
        Field(text, "simulated", registration.Simulated);
        Field(text, "challenge", registration.Challenge);
        Field(text, "gpus", registration.Gpus.Count);
        foreach (var gpu in registration.Gpus)
        {
            Field(text, "gpu", gpu.GpuId);
            Field(text, "gpu.miner", gpu.MinerId);
            Field(text, "gpu.name", gpu.ReportedName);
            Field(text, "gpu.memory", gpu.MemoryMb);
            Field(text, "gpu.vendor", gpu.Vendor.ToString());
            Field(text, "gpu.provider", gpu.ExecutionProvider);
            Field(text, "gpu.lat", gpu.Location.Latitude.ToString("R", CultureInfo.InvariantCulture));
            Field(text, "gpu.lon", gpu.Location.Longitude.ToString("R", CultureInfo.InvariantCulture));
            Field(text, "gpu.price", gpu.PriceFloor.ToString(CultureInfo.InvariantCulture));
            Field(text, "gpu.power", gpu.PowerBudgetWatts?.ToString("R", CultureInfo.InvariantCulture));
            Field(text, "gpu.zone", gpu.Schedule?.TimeZoneId);
            foreach (var window in gpu.Schedule?.Windows ?? [])
            {
                var days = window.Days is null ? "" : string.Join(",", window.Days);
                Field(text, "gpu.window", $"{window.Start:HH\\:mm\\:ss}-{window.End:HH\\:mm\\:ss}/{days}");
            }

            Field(text, "gpu.concurrency", gpu.Concurrency);
            Field(text, "gpu.simulated", gpu.Simulated);
            Field(text, "gpu.pool", gpu.Pool.ToString());
            Field(text, "gpu.attested", gpu.Attested);
        }

        return Encoding.UTF8.GetBytes(text.ToString());
    }

    private static void Field(StringBuilder text, string name, string? value) =>
        text.Append(name).Append('=').Append(value is null ? "-" : value.Length.ToString(CultureInfo.InvariantCulture) + ":" + value).Append('\n');

    private static void Field(StringBuilder text, string name, long value) => Field(text, name, value.ToString(CultureInfo.InvariantCulture));

    private static void Field(StringBuilder text, string name, bool value) => Field(text, name, value ? "true" : "false");
}
