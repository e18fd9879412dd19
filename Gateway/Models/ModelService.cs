using System.Security.Cryptography;
using Aitbc.Orleans.Gateway.Hosting;
using Aitbc.Orleans.Gateway.Security;
using Aitbc.Orleans.Gateway.Validation;
using Aitbc.Orleans.Models;
using Microsoft.Extensions.Options;

namespace Aitbc.Orleans.Gateway.Models;

/// <summary>
/// Model registration: content-addressed ids ("m-" and 16 hex digits of the SHA-256), the signature read by ONNX
/// Runtime, the bytes stored in fixed-size chunk grains before the model grain registers, so a registered model
/// is always fully downloadable.
/// </summary>
public sealed class ModelService(IGrainFactory grains, IOptions<GatewayOptions> options, TimeProvider time)
{
    private const int ParallelChunkWrites = 8;
    private readonly GatewayOptions _options = options.Value;

    public static string IdFor(string sha256Hex) => "m-" + sha256Hex[..16];

    /// <returns>The registered model and whether this upload created it (false: the same bytes were already registered).</returns>
    public async Task<(ModelInfo Model, bool Created)> RegisterAsync(Caller caller, string? name, string? license, byte[] content)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(content);
        var errors = new ValidationErrors();
        var validName = FieldRules.Text(errors, "name", name, _options.MaxStringLength, required: true);
        var validLicense = FieldRules.Text(errors, "license", license, _options.MaxStringLength, required: false) ?? "unspecified";
        if (content.Length == 0)
        {
            errors.Add("body", "is empty; send the ONNX model bytes as application/octet-stream");
        }

        errors.ThrowIfAny();

        var sha = Convert.ToHexStringLower(SHA256.HashData(content));
        var modelId = IdFor(sha);
        var model = grains.GetGrain<IModelGrain>(modelId);
        if (await model.Get() is { } existing)
        {
            return existing.Sha256 == sha
                ? (existing, false)
                : throw new GatewayRequestException(FailureKind.Conflict, "Model id collision", $"Model id {modelId} belongs to other content.");
        }

        var signature = OnnxModelInspector.ReadSignature(content);
        var parameters = OnnxParameterCounter.Count(content) ?? content.Length / sizeof(float);
        var chunkSize = _options.ModelChunkBytes;
        var chunkCount = (int)((content.LongLength + chunkSize - 1) / chunkSize);
        await Parallel.ForEachAsync(
            Enumerable.Range(0, chunkCount),
            new ParallelOptions { MaxDegreeOfParallelism = ParallelChunkWrites },
            async (index, _) =>
            {
                var start = (long)index * chunkSize;
                var chunk = content.AsSpan((int)start, (int)Math.Min(chunkSize, content.LongLength - start)).ToArray();
                await grains.GetGrain<IModelChunkGrain>($"{sha}/{index}").Put(chunk);
            });

        var info = new ModelInfo(
            modelId, validName!, validLicense, sha, content.LongLength, signature.Inputs, signature.Outputs, caller.AccountId,
            time.GetUtcNow(), parameters, chunkCount, chunkSize);
        return (await model.Register(info), true);
    }

    public async Task<ModelInfo> GetAsync(string modelId)
    {
        var model = IsWellFormedId(modelId) ? await grains.GetGrain<IModelGrain>(modelId).Get() : null;
        return model ?? throw GatewayRequestException.NotFound($"There is no model '{FieldRules.Truncate(modelId)}'.");
    }

    public async Task<(IReadOnlyList<ModelInfo> Items, int Total)> ListAsync(int page, int pageSize)
    {
        var ids = await grains.GetGrain<IModelCatalogGrain>("models").List();
        var selected = ids.Skip((page - 1) * pageSize).Take(pageSize).ToArray();
        var infos = await Task.WhenAll(selected.Select(id => grains.GetGrain<IModelGrain>(id).Get()));
        return (infos.OfType<ModelInfo>().ToArray(), ids.Count);
    }

    private bool IsWellFormedId(string id) => FieldRules.Id(new ValidationErrors(), "id", id, _options.MaxStringLength) is not null;
}
