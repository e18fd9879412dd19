using Aitbc.Orleans.Fleet;
using Aitbc.Orleans.Gateway.Contracts;
using Aitbc.Orleans.Gateway.Hosting;
using Aitbc.Orleans.Gateway.Security;
using Aitbc.Orleans.Gateway.Validation;
using Aitbc.Orleans.Verification;
using Microsoft.Extensions.Options;

namespace Aitbc.Orleans.Gateway.Http;

/// <summary>/v1/gpus/{id}/integrity: the operators' view of a GPU's verification record and hardware challenges.</summary>
public static class IntegrityEndpoints
{
    public static RouteGroupBuilder MapIntegrityEndpoints(this RouteGroupBuilder v1)
    {
        v1.MapGet("/gpus/{id}/integrity", Get).RequireOperator().WithName("GetGpuIntegrity")
            .WithSummary("A GPU's integrity record (operators): verified and wrong results, timeouts, block, flags such as \"suspected misreported model\", and its hardware challenges")
            .Produces<GpuIntegrityResponse>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        return v1;
    }

    private static async Task<IResult> Get(string id, IGrainFactory grains, IOptions<GatewayOptions> options)
    {
        var errors = new ValidationErrors();
        FieldRules.Id(errors, "id", id, options.Value.MaxStringLength);
        errors.ThrowIfAny();
        if (await grains.Grain<IGpuGrain>(id).GetSnapshot() is null)
        {
            throw GatewayRequestException.NotFound($"There is no GPU '{FieldRules.Truncate(id)}'.");
        }

        var record = grains.Grain<IGpuIntegrityGrain>(id).Get();
        var challenges = grains.Grain<IHardwareChallengeGrain>(id).Get();
        return TypedResults.Ok(GpuIntegrityResponse.From(await record, await challenges));
    }
}
