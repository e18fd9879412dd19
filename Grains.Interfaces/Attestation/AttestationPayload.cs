using System.Text;

namespace Aitbc.Orleans.Attestation;

/// <summary>The canonical bytes a miner signs to attest: each field as "name=length:value", so no two answers share a payload.</summary>
public static class AttestationPayload
{
    public static byte[] For(string minerId, string nonce, AttestationMeasurement measurement, string kind = AttestationEvidence.SoftwareKind)
    {
        ArgumentNullException.ThrowIfNull(measurement);
        var text = new StringBuilder("aitbc-attestation/v1\n");
        Field(text, "miner", minerId);
        Field(text, "nonce", nonce);
        Field(text, "kind", kind);
        Field(text, "binary", measurement.BinarySha256);
        Field(text, "onnxruntime", measurement.OnnxRuntimeVersion);
        Field(text, "driver", measurement.DriverVersion);
        Field(text, "os", measurement.Os);
        Field(text, "gpus", measurement.GpuUuids.Count.ToString(System.Globalization.CultureInfo.InvariantCulture));
        foreach (var uuid in measurement.GpuUuids)
        {
            Field(text, "gpu", uuid);
        }

        return Encoding.UTF8.GetBytes(text.ToString());
    }

    /// <summary>The evidence for a challenge, signed by <paramref name="sign"/>.</summary>
    public static AttestationEvidence Sign(string minerId, string nonce, AttestationMeasurement measurement, Func<byte[], byte[]> sign)
    {
        ArgumentNullException.ThrowIfNull(sign);
        return new AttestationEvidence(minerId, nonce, measurement, Convert.ToBase64String(sign(For(minerId, nonce, measurement))));
    }

    private static void Field(StringBuilder text, string name, string? value) =>
        text.Append(name).Append('=').Append(value?.Length ?? -1).Append(':').Append(value).Append('\n');
}
