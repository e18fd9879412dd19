using System.Security.Cryptography;
using Aitbc.Orleans.Gateway.Hosting;
using Aitbc.Orleans.Gateway.Security;
using Aitbc.Orleans.Gateway.Validation;
using Aitbc.Orleans.Models;
using Microsoft.Extensions.Options;

namespace Aitbc.Orleans.Gateway.Models;

/// <summary>
/// Model registration: the signature read by ONNX Runtime, then <see cref="ModelStore"/> (content-addressed ids, the
/// bytes in chunk grains before the model grain registers, so a registered model is always fully downloadable).
/// </summary>
public sealed class ModelService(IGrainFactory grains, IOptions<GatewayOptions> options, TimeProvider time)
{
    private readonly GatewayOptions _options = options.Value;

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
        var modelId = ModelStore.ModelIdFor(sha);
        if (await grains.GetGrain<IModelGrain>(modelId).Get() is { } existing)
        {
            return existing.Sha256 == sha
                ? (existing, false)
                : throw new GatewayRequestException(FailureKind.Conflict, "Model id collision", $"Model id {modelId} belongs to other content.");
        }

        // Read before anything is stored: bytes ONNX Runtime cannot load leave no chunks behind.
        var signature = OnnxModelInspector.ReadSignature(content);
        var parameters = OnnxParameterCounter.Count(content) ?? 0;
        var model = await ModelStore.PutAsync(
            grains, validName!, validLicense, caller.AccountId, content, signature.Inputs, signature.Outputs, time.GetUtcNow(), parameters);
        return (model, true);
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
