using Aitbc.Orleans.Access;
using Aitbc.Orleans.Attestation;
using Aitbc.Orleans.Fleet;
using Aitbc.Orleans.Gateway.Contracts;
using Aitbc.Orleans.Gateway.Dashboards;
using Aitbc.Orleans.Gateway.Security;
using Aitbc.Orleans.Gateway.Validation;
using Aitbc.Orleans.Gateway.Hosting;
using Aitbc.Orleans.Ledger;
using Aitbc.Orleans.Staking;
using Microsoft.Extensions.Options;

namespace Aitbc.Orleans.Gateway.Http;

/// <summary>
/// /v1/miners: enrolment (credential and client certificate issued once), the owner's view of a miner, its stake
/// (stake, unstake with a cool-down), its software attestation and the operators' admission (pool, attestation).
/// </summary>
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

        v1.MapGet("/miners/{id}/stake", GetStake).RequireApiKey().WithName("GetMinerStake")
            .WithSummary("A miner's stake: staked, cooling down, routable, and how many GPUs that covers (stake is needed per GPU)")
            .Produces<StakeResponse>().ProducesProblem(StatusCodes.Status404NotFound);

        v1.MapPost("/miners/{id}/stake", Stake).RequireAuthorization(GatewayPolicies.AccountHolder).WithName("StakeMiner")
            .WithSummary("Stake for a miner from the owner's balance (the owner only). requestId makes a retry move money once.")
            .Accepts<StakeRequestBody>("application/json")
            .Produces<StakeResponse>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);

        v1.MapPost("/miners/{id}/unstake", Unstake).RequireAuthorization(GatewayPolicies.AccountHolder).WithName("UnstakeMiner")
            .WithSummary("Start the cool-down of part of a miner's stake (the owner only): it stops counting for routing now, can still be slashed, and returns to the owner after the cool-down")
            .Accepts<StakeRequestBody>("application/json")
            .Produces<StakeResponse>(StatusCodes.Status202Accepted).ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        v1.MapGet("/miners/{id}/attestation", GetAttestation).RequireApiKey().WithName("GetMinerAttestation")
            .WithSummary("A miner's software attestation for its owner (or its own credential, or operators): attested or not, until when, integrity score, what it declared and why it was last refused")
            .Produces<MinerAttestationResponse>().ProducesProblem(StatusCodes.Status404NotFound);

        v1.MapPost("/miners/{id}/admission", Admit).RequireOperator().WithName("AdmitMiner")
            .WithSummary("Set the pool a miner's GPUs join and whether they count as attested (operators; a miner cannot claim either)")
            .Accepts<AdmissionRequestBody>("application/json")
            .Produces(StatusCodes.Status204NoContent).ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        return v1;
    }

    private static async Task<IResult> GetStake(HttpContext http, string id, IGrainFactory grains)
    {
        await RequireVisible(Caller.From(http.User), id, grains);
        return TypedResults.Ok(StakeResponse.From(await grains.Grain<IMinerStakeGrain>(id).Get()));
    }

    private static async Task<IResult> GetAttestation(HttpContext http, string id, IGrainFactory grains)
    {
        await RequireVisible(Caller.From(http.User), id, grains);
        return TypedResults.Ok(MinerAttestationResponse.From(await grains.Grain<IMinerAttestationGrain>(id).Get()));
    }

    private static Task<IResult> Stake(HttpContext http, string id, IGrainFactory grains, IOptions<GatewayOptions> options) =>
        MoveStake(http, id, grains, options, unstake: false);

    private static Task<IResult> Unstake(HttpContext http, string id, IGrainFactory grains, IOptions<GatewayOptions> options) =>
        MoveStake(http, id, grains, options, unstake: true);

    private static async Task<IResult> MoveStake(HttpContext http, string id, IGrainFactory grains, IOptions<GatewayOptions> options, bool unstake)
    {
        var body = await JsonRequestReader.ReadAsync<StakeRequestBody>(http.Request, http.RequestAborted);
        var caller = Caller.From(http.User);
        var errors = new ValidationErrors();
        var amount = FieldRules.Amount(errors, "amount", body.Amount, options.Value.MaxCredit, required: true);
        var requestId = FieldRules.Id(errors, "requestId", body.RequestId, options.Value.MaxStringLength);
        errors.ThrowIfAny();
        var enrollment = await RequireVisible(caller, id, grains);
        if (enrollment.OwnerAccountId != caller.AccountId)
        {
            throw new GatewayRequestException(FailureKind.Forbidden, "Not the owner", $"Only the owner who enrolled miner {id} may move its stake.");
        }

        var stakes = grains.Grain<IMinerStakeGrain>(id);
        var result = unstake
            ? await stakes.RequestUnstake(caller.AccountId, amount!.Value, requestId!)
            : await stakes.Stake(caller.AccountId, amount!.Value, requestId!);
        if (!result.Accepted)
        {
            throw new GatewayRequestException(FailureKind.Conflict, unstake ? "Unstake refused" : "Stake refused", result.Error ?? "the ledger refused the movement");
        }

        var response = StakeResponse.From(result.View, result.Movement);
        return unstake ? TypedResults.Accepted($"/v1/miners/{id}/stake", response) : TypedResults.Ok(response);
    }

    private static async Task<IResult> Admit(HttpContext http, string id, IGrainFactory grains)
    {
        var body = await JsonRequestReader.ReadAsync<AdmissionRequestBody>(http.Request, http.RequestAborted);
        var errors = new ValidationErrors();
        if (!Enum.TryParse<PoolKind>(body.Pool, ignoreCase: true, out var pool) || !Enum.IsDefined(pool) || int.TryParse(body.Pool, out _))
        {
            errors.Add("pool", "must be edge or cloud");
        }

        errors.ThrowIfAny();
        if (await grains.Grain<IMinerEnrollmentGrain>(id).SetAdmission(pool, body.Attested) is null)
        {
            throw GatewayRequestException.NotFound($"There is no enrolled miner '{FieldRules.Truncate(id)}'.");
        }

        return TypedResults.NoContent();
    }

    /// <summary>The miner's enrolment, if the caller may see it (its owner, its own credential, operators); otherwise 404.</summary>
    private static async Task<MinerEnrollment> RequireVisible(Caller caller, string id, IGrainFactory grains)
    {
        var enrollment = FieldRules.Id(new ValidationErrors(), "id", id, 64) is null ? null : await grains.Grain<IMinerEnrollmentGrain>(id).Get();
        var visible = enrollment is not null && (caller.IsOperator || caller.MinerId == id || enrollment.OwnerAccountId == caller.AccountId);
        return visible ? enrollment! : throw GatewayRequestException.NotFound($"There is no miner '{FieldRules.Truncate(id)}' you can see.");
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

        var enrollment = await grains.Grain<IMinerEnrollmentGrain>(id).Get();
        var mayRead = caller.IsOperator || caller.MinerId == id || (enrollment is not null && enrollment.OwnerAccountId == caller.AccountId);
        var read = mayRead ? await MinerViews.ReadAsync(grains, id, enrollment) : null;
        return read is { } found ? TypedResults.Ok(found.View) : throw notFound;
    }
}
