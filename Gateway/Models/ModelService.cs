using System.Security.Cryptography;
using Aitbc.Orleans.Gateway.Hosting;
using Aitbc.Orleans.Gateway.Security;
using Aitbc.Orleans.Gateway.Validation;
using Aitbc.Orleans.Models;
using Aitbc.Orleans.Models.Licensing;
using Microsoft.Extensions.Options;

namespace Aitbc.Orleans.Gateway.Models;

/// <summary>
/// Model registration: the signature read by ONNX Runtime, then <see cref="ModelStore"/> (content-addressed ids, the
/// bytes in chunk grains before the model grain registers, so a registered model is always fully downloadable).
/// </summary>
public sealed class ModelService(IGrainFactory grains, ModelInfoCache models, IOptions<GatewayOptions> options, TimeProvider time)
{
    private readonly GatewayOptions _options = options.Value;

    /// <returns>The registered model and whether this upload created it (false: the same bytes were already registered).</returns>
    /// <remarks>
    /// The same bytes are stored once: a second upload by the owner (or of a published model) answers with the model
    /// as it is. Bytes another account registered privately become the uploader's own model (its own id, license and
    /// visibility) over the same stored chunks, so a private model stays invisible and nobody else's terms bind the uploader.
    /// </remarks>
    public async Task<(ModelInfo Model, bool Created)> RegisterAsync(
        Caller caller, string? name, ModelLicense license, bool published, byte[] content)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(license);
        ArgumentNullException.ThrowIfNull(content);
        var errors = new ValidationErrors();
        var validName = FieldRules.Text(errors, "name", name, _options.MaxStringLength, required: true);
        if (content.Length == 0)
        {
            errors.Add("body", "is empty; send the ONNX model bytes as application/octet-stream");
        }

        errors.ThrowIfAny();

        var sha = Convert.ToHexStringLower(SHA256.HashData(content));
        var modelId = ModelStore.ModelIdFor(sha);
        if (await grains.Grain<IModelGrain>(modelId).Get() is { } existing)
        {
            if (existing.Sha256 != sha)
            {
                throw new GatewayRequestException(FailureKind.Conflict, "Model id collision", $"Model id {modelId} belongs to other content.");
            }

            if (existing.VisibleTo(caller.AccountId) || caller.IsOperator)
            {
                return (existing, false);
            }

            modelId = ModelStore.OwnModelIdFor(sha, caller.AccountId);
            if (await grains.Grain<IModelGrain>(modelId).Get() is { } own)
            {
                return (own, false);
            }
        }

        // Read before anything is stored: bytes ONNX Runtime cannot load leave no chunks behind.
        var signature = OnnxModelInspector.ReadSignature(content);
        var parameters = OnnxParameterCounter.Count(content) ?? 0;
        var model = await ModelStore.PutAsync(
            grains, validName!, license.Label, caller.AccountId, content, signature.Inputs, signature.Outputs, time.GetUtcNow(), parameters,
            license, published, modelId);
        return (model, true);
    }

    /// <summary>
    /// The model if the caller may see it: published or its own (operators see all; a miner, any model a job on its
    /// GPUs runs, which the content endpoints check). Otherwise 404, as for a missing model.
    /// </summary>
    public async Task<ModelInfo> GetAsync(Caller caller, string modelId)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var model = IsWellFormedId(modelId) ? await grains.Grain<IModelGrain>(modelId).Get() : null;
        return model is not null && (model.VisibleTo(caller.AccountId) || caller.IsOperator || caller.IsMinerOnly)
            ? model
            : throw GatewayRequestException.NotFound($"There is no model '{FieldRules.Truncate(modelId)}'.");
    }

    /// <summary>The models the caller may see, paged (the catalogue is filtered, so totals count only those).</summary>
    public async Task<(IReadOnlyList<ModelInfo> Items, int Total)> ListAsync(Caller caller, int page, int pageSize)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var ids = await grains.Grain<IModelCatalogGrain>("models").List();
        var infos = await Task.WhenAll(ids.Select(id => models.GetAsync(id).AsTask()));
        var visible = infos.OfType<ModelInfo>().Where(m => m.VisibleTo(caller.AccountId) || caller.IsOperator).ToArray();
        return (visible.Skip((page - 1) * pageSize).Take(pageSize).ToArray(), visible.Length);
    }

    private bool IsWellFormedId(string id) => FieldRules.Id(new ValidationErrors(), "id", id, _options.MaxStringLength) is not null;
}
