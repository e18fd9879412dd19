using Aitbc.Orleans.Access;
using Aitbc.Orleans.Fleet;
using Aitbc.Orleans.Gateway.Contracts;
using Aitbc.Orleans.Gateway.Security;
using Aitbc.Orleans.Gateway.Validation;
using Aitbc.Orleans.Ledger;

namespace Aitbc.Orleans.Gateway.Http;

/// <summary>/v1/miners: enrolment (credential issued once) and the owner's view of a miner.</summary>
public static class MinerEndpoints
{
    public static RouteGroupBuilder MapMinerEndpoints(this RouteGroupBuilder v1)
    {
        v1.MapPost("/miners", Enroll).RequireAuthorization(GatewayPolicies.AccountHolder).WithName("EnrollMiner")
            .WithSummary("Enrol a miner by its public key; returns its id and its credential (a miner API key, shown once)")
            .WithDescription("Enrolling the same miner again with the same key issues a new credential and revokes the old one.")
            .Accepts<EnrollMinerRequestBody>("application/json")
            .Produces<MinerEnrollmentResponse>(StatusCodes.Status201Created).Produces<MinerEnrollmentResponse>()
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict);

        v1.MapGet("/miners/{id}", Get).RequireApiKey().WithName("GetMiner")
            .WithSummary("A miner for its owner (or its own credential, or operators): GPUs, earnings, stake and slashes")
            .Produces<MinerResponse>().ProducesProblem(StatusCodes.Status404NotFound);
        return v1;
    }

    private static async Task<IResult> Enroll(HttpContext http, AccessService access)
    {
        var body = await JsonRequestReader.ReadAsync<EnrollMinerRequestBody>(http.Request, http.RequestAborted);
        var (enrollment, created) = await access.EnrollMinerAsync(Caller.From(http.User), body);
        return created ? TypedResults.Created($"/v1/miners/{enrollment.MinerId}", enrollment) : TypedResults.Ok(enrollment);
    }

    private static async Task<IResult> Get(HttpContext http, string id, IGrainFactory grains)
    {
        var caller = Caller.From(http.User);
        var notFound = GatewayRequestException.NotFound($"There is no miner '{FieldRules.Truncate(id)}' you can see.");
        if (FieldRules.Id(new ValidationErrors(), "id", id, 64) is null)
        {
            throw notFound;
        }

        var enrollment = await grains.GetGrain<IMinerEnrollmentGrain>(id).Get();
        var mayRead = caller.IsOperator || caller.MinerId == id || (enrollment is not null && enrollment.OwnerAccountId == caller.AccountId);
        var miner = mayRead ? await grains.GetGrain<IMinerGrain>(id).GetSnapshot() : null;
        if (!mayRead || (enrollment is null && miner is null))
        {
            throw notFound;
        }

        var gpus = miner is null
            ? []
            : (await Task.WhenAll(miner.GpuIds.Select(g => grains.GetGrain<IGpuGrain>(g).GetSnapshot()))).OfType<GpuSnapshot>().Select(GpuResponse.From).ToArray();
        var ledgerAccount = LedgerAccounts.ForMiner(id);
        var account = await grains.GetGrain<IAccountGrain>(ledgerAccount).GetSnapshot();
        return TypedResults.Ok(new MinerResponse(
            id, enrollment?.Name, enrollment?.OwnerAccountId ?? miner?.OwnerAccountId, enrollment is not null, miner is not null,
            miner?.Online ?? false, miner?.LastHeartbeat, miner?.RegisteredAt, gpus, ledgerAccount, account.Balance, account.Stake,
            account.Earned, account.Slashes));
    }
}
