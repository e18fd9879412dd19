using System.Security.Cryptography;
using System.Text;
using Aitbc.Orleans.Fleet.Regions;
using Aitbc.Orleans.Gateway.Contracts;
using Aitbc.Orleans.Gateway.Hosting;
using Aitbc.Orleans.Gateway.Models;
using Aitbc.Orleans.Gateway.Security;
using Aitbc.Orleans.Gateway.Validation;
using Aitbc.Orleans.Models.Deployments;
using Microsoft.Extensions.Options;

namespace Aitbc.Orleans.Gateway.Http;

/// <summary>/v1/models/{id}/deployments: one-click deploy of a model to warm GPUs, and its status.</summary>
public static class DeploymentEndpoints
{
    public static RouteGroupBuilder MapDeploymentEndpoints(this RouteGroupBuilder v1)
    {
        v1.MapPost("/models/{id}/deployments", Deploy).RequireSubmitter().WithName("DeployModel")
            .WithSummary("Deploy a model: the chosen GPUs' miners prefetch the variant routing would send each, and report when ready")
            .WithDescription("Give gpuIds, or region and count (the region's available GPUs the model fits, most memory first). " +
                             "Jobs then prefer those GPUs (warm: no download). A GPU the model fits nowhere, or whose miner is offline, is listed as failed.")
            .Accepts<DeploymentRequestBody>("application/json")
            .Produces<DeploymentResponse>(StatusCodes.Status202Accepted).ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);

        v1.MapGet("/models/{id}/deployments/{deploymentId}", Get).RequireApiKey().WithName("GetModelDeployment")
            .WithSummary("A deployment's status, per GPU").Produces<DeploymentResponse>().ProducesProblem(StatusCodes.Status404NotFound);
        return v1;
    }

    private static async Task<IResult> Deploy(HttpContext http, string id, ModelService models, IGrainFactory grains, IOptions<GatewayOptions> options)
    {
        var caller = Caller.From(http.User);
        var body = await JsonRequestReader.ReadAsync<DeploymentRequestBody>(http.Request, http.RequestAborted);
        var limits = options.Value;
        var errors = new ValidationErrors();
        var gpuIds = body.GpuIds?.Select((g, i) => FieldRules.Id(errors, $"gpuIds[{i}]", g, limits.MaxStringLength)).OfType<string>().ToArray();
        var region = FieldRules.Id(errors, "region", body.Region, limits.MaxStringLength, required: false);
        var requestId = FieldRules.Id(errors, "requestId", body.RequestId, limits.MaxStringLength, required: false);
        if ((gpuIds is null) == (region is null))
        {
            errors.Add("gpuIds", "give either gpuIds or a region (with count)");
        }
        else if (gpuIds is { Length: 0 or > ModelDeploymentLimits.MaxTargets })
        {
            errors.Add("gpuIds", $"must list 1 to {ModelDeploymentLimits.MaxTargets} GPUs");
        }

        if (body.Count is < 1 or > ModelDeploymentLimits.MaxTargets)
        {
            errors.Add("count", $"must be from 1 to {ModelDeploymentLimits.MaxTargets}");
        }

        if (region is not null && RegionCatalog.Default.Find(region) is null)
        {
            errors.Add("region", $"'{FieldRules.Truncate(region)}' is not a region");
        }

        errors.ThrowIfAny();

        var model = await models.GetAsync(caller, id);
        var deploymentId = requestId is null
            ? $"d-{Guid.NewGuid():N}"
            : "d-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{caller.AccountId}/{model.ModelId}/{requestId}")))[..32];
        var view = await grains.Grain<IModelDeploymentGrain>(deploymentId).Start(
            new ModelDeploymentRequest(model.ModelId, caller.AccountId, gpuIds, region, body.Count ?? 1));
        return TypedResults.Accepted($"/v1/models/{model.ModelId}/deployments/{deploymentId}", DeploymentResponse.From(view));
    }

    private static async Task<IResult> Get(HttpContext http, string id, string deploymentId, IGrainFactory grains, IOptions<GatewayOptions> options)
    {
        var caller = Caller.From(http.User);
        var view = FieldRules.Id(new ValidationErrors(), "deploymentId", deploymentId, options.Value.MaxStringLength) is null
            ? null
            : await grains.Grain<IModelDeploymentGrain>(deploymentId).Get();
        return view is not null && view.ModelId == id && (view.AccountId == caller.AccountId || caller.IsOperator)
            ? TypedResults.Ok(DeploymentResponse.From(view))
            : throw GatewayRequestException.NotFound($"There is no deployment '{FieldRules.Truncate(deploymentId)}' of model '{FieldRules.Truncate(id)}'.");
    }
}
