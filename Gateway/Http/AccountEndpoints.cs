using Aitbc.Orleans.Gateway.Contracts;
using Aitbc.Orleans.Gateway.Hosting;
using Aitbc.Orleans.Gateway.Security;
using Aitbc.Orleans.Gateway.Validation;
using Aitbc.Orleans.Ledger;
using Microsoft.Extensions.Options;

namespace Aitbc.Orleans.Gateway.Http;

/// <summary>/v1/accounts and /v1/keys: the caller's account, and the operators' credit and key management.</summary>
public static class AccountEndpoints
{
    public static RouteGroupBuilder MapAccountEndpoints(this RouteGroupBuilder v1)
    {
        v1.MapGet("/accounts/me", Me).RequireApiKey().WithName("GetMyAccount")
            .WithSummary("The caller's account: balance, stake, escrow, earnings, recent entries and the key's roles")
            .Produces<AccountResponse>();

        v1.MapGet("/accounts/{id}", Get).RequireOperator().WithName("GetAccount")
            .WithSummary("Any account (operators)").Produces<AccountResponse>().ProducesValidationProblem();

        v1.MapPost("/accounts/{id}/credit", Credit).RequireOperator().WithName("CreditAccount")
            .WithSummary("Credit an account (operators). operationId makes a retry apply once.")
            .Accepts<CreditRequestBody>("application/json")
            .Produces<CreditResponse>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict);

        v1.MapPost("/keys", CreateKey).RequireOperator().WithName("CreateApiKey")
            .WithSummary("Issue an API key for an account with roles submitter and/or operator (operators). The key is shown once.")
            .Accepts<CreateKeyRequestBody>("application/json")
            .Produces<ApiKeyResponse>(StatusCodes.Status201Created).ProducesValidationProblem();

        v1.MapDelete("/keys/{keyId}", RevokeKey).RequireOperator().WithName("RevokeApiKey")
            .WithSummary("Revoke a key by its keyId (operators)")
            .Produces(StatusCodes.Status204NoContent).ProducesProblem(StatusCodes.Status404NotFound);
        return v1;
    }

    private static async Task<IResult> Me(HttpContext http, IGrainFactory grains)
    {
        var caller = Caller.From(http.User);
        var snapshot = await grains.Grain<IAccountGrain>(caller.AccountId).GetSnapshot();
        return TypedResults.Ok(AccountResponse.From(snapshot, caller.Roles));
    }

    private static async Task<IResult> Get(string id, IGrainFactory grains, IOptions<GatewayOptions> options)
    {
        var errors = new ValidationErrors();
        FieldRules.Id(errors, "id", id, options.Value.MaxStringLength);
        errors.ThrowIfAny();
        return TypedResults.Ok(AccountResponse.From(await grains.Grain<IAccountGrain>(id).GetSnapshot(), null));
    }

    private static async Task<IResult> Credit(HttpContext http, string id, IGrainFactory grains, IOptions<GatewayOptions> options)
    {
        var body = await JsonRequestReader.ReadAsync<CreditRequestBody>(http.Request, http.RequestAborted);
        var limits = options.Value;
        var errors = new ValidationErrors();
        FieldRules.Id(errors, "id", id, limits.MaxStringLength);
        var amount = FieldRules.Amount(errors, "amount", body.Amount, limits.MaxCredit, required: true);
        var operationId = FieldRules.Id(errors, "operationId", body.OperationId, limits.MaxStringLength);
        var reason = FieldRules.Text(errors, "reason", body.Reason, limits.MaxStringLength, required: false);
        errors.ThrowIfAny();

        // Prefixed so an operator's id can never collide with the escrow and funding operation ids of the grains.
        var result = await grains.Grain<IAccountGrain>(id).Apply(
            new LedgerOperation($"operator-credit:{operationId}", LedgerOperationKind.Credit, amount!.Value, reason ?? "operator credit"));
        if (!result.Applied)
        {
            throw new GatewayRequestException(FailureKind.Conflict, "Credit refused", result.Error ?? "the ledger refused the credit");
        }

        return TypedResults.Ok(new CreditResponse(id, result.AppliedAmount, result.Duplicate, result.Account.Balance));
    }

    private static async Task<IResult> CreateKey(HttpContext http, AccessService access)
    {
        var body = await JsonRequestReader.ReadAsync<CreateKeyRequestBody>(http.Request, http.RequestAborted);
        var key = await access.CreateKeyAsync(body);
        return TypedResults.Created((string?)null, key);
    }

    private static async Task<IResult> RevokeKey(string keyId, AccessService access)
    {
        await access.RevokeKeyAsync(keyId);
        return TypedResults.NoContent();
    }
}
