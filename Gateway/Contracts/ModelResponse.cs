using Aitbc.Orleans.Gateway.Tensors;
using Aitbc.Orleans.Models;

namespace Aitbc.Orleans.Gateway.Contracts;

public sealed record ModelResponse(
    string ModelId,
    string Name,
    string License,
    string Sha256,
    long SizeBytes,
    IReadOnlyList<TensorSpecResponse> Inputs,
    IReadOnlyList<TensorSpecResponse> Outputs,
    string OwnerAccountId,
    DateTimeOffset UploadedAt,
    long ParameterCount,
    int ChunkCount,
    int ChunkSize,
    ModelLicenseResponse Terms,
    bool Published)
{
    public static ModelResponse From(ModelInfo info)
    {
        ArgumentNullException.ThrowIfNull(info);
        return new ModelResponse(
            info.ModelId, info.Name, info.License, info.Sha256, info.SizeBytes,
            info.Inputs.Select(TensorJson.Describe).ToArray(), info.Outputs.Select(TensorJson.Describe).ToArray(),
            info.OwnerAccountId, info.UploadedAt, info.ParameterCount, info.ChunkCount, info.ChunkSize,
            ModelLicenseResponse.From(info.EffectiveLicense), info.Published || info.Terms is null);
    }
}
