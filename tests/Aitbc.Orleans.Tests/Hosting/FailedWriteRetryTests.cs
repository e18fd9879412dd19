using Aitbc.Orleans.Access;
using Aitbc.Orleans.Jobs;
using Aitbc.Orleans.Ledger;
using Aitbc.Orleans.Pricing;
using Aitbc.Orleans.Tests.Fixtures;

namespace Aitbc.Orleans.Tests.Hosting;

/// <summary>
/// A grain whose write failed must not answer the caller's retry from memory that storage never took: each test fails
/// one write, retries as a client would, then deactivates the grain so that what it says next comes from storage.
/// </summary>
public sealed class FailedWriteRetryTests(ClusterFixture fixture) : IClassFixture<ClusterFixture>
{
    private IGrainFactory Grains => fixture.Client;

    [Fact]
    public async Task An_idempotency_key_whose_claim_was_not_stored_never_names_two_jobs()
    {
        var keyId = $"key-{Guid.NewGuid():N}";
        var key = Grains.GetGrain<ISubmissionKeyGrain>(keyId);
        fixture.Faults.FailWrites<SubmissionKeyState>("idempotency", keyId);

        await Assert.ThrowsAnyAsync<Exception>(() => key.Claim("job-a"));
        var retried = await key.Claim("job-b");
        await fixture.Cluster.DeactivateAsync(key);

        // Answered from memory, the retry would say job-a while storage holds nothing, and the next claim would win.
        Assert.Equal(retried, await key.Claim("job-c"));
        Assert.Equal("job-b", retried);
    }

    [Fact]
    public async Task A_quote_whose_redemption_was_not_stored_is_not_redeemed_twice()
    {
        var tenant = await Grains.FundedTenant();
        var quoteId = $"q-{Guid.NewGuid():N}";
        var quote = Grains.GetGrain<IQuoteGrain>(quoteId);
        await quote.Store(QuoteFor(quoteId, tenant, "m-1", fixture.Time.GetUtcNow()));
        fixture.Faults.FailWrites<QuoteState>("quote", quoteId, s => s.RedeemedByJob is not null);

        await Assert.ThrowsAnyAsync<Exception>(() => quote.Redeem(tenant, "m-1", "job-1"));
        Assert.True((await quote.Redeem(tenant, "m-1", "job-1")).Accepted);
        await fixture.Cluster.DeactivateAsync(quote);

        var second = await quote.Redeem(tenant, "m-1", "job-2");
        Assert.False(second.Accepted, "a second job redeemed the quote its first job's retry was accepted on");
        Assert.True((await quote.Redeem(tenant, "m-1", "job-1")).Accepted);
    }

    [Fact]
    public async Task An_escrow_whose_hold_was_not_stored_still_refunds_what_it_held()
    {
        var tenant = await Grains.FundedTenant(10m);
        var escrowId = $"escrow-{Guid.NewGuid():N}";
        var escrow = Grains.GetGrain<IEscrowGrain>(escrowId);
        fixture.Faults.FailWrites<EscrowGrainState>("escrow", escrowId, s => s.Status == EscrowStatus.Held);

        // The account took the hold; the escrow's record of it failed. The retry must record it, not just say so.
        await Assert.ThrowsAnyAsync<Exception>(() => escrow.Hold(tenant, 4m));
        Assert.Equal(EscrowStatus.Held, (await escrow.Hold(tenant, 4m)).Status);
        await fixture.Cluster.DeactivateAsync(escrow);
        Assert.Equal(EscrowStatus.Held, (await escrow.Get()).Status);

        var account = await Grains.GetGrain<IAccountGrain>(tenant).GetSnapshot();
        Assert.Equal(4m, account.Escrow);

        Assert.Equal(EscrowStatus.Refunded, (await escrow.Refund()).Status);
        account = await Grains.GetGrain<IAccountGrain>(tenant).GetSnapshot();
        Assert.Equal(0m, account.Escrow);
        Assert.Equal(10m, account.Balance);
    }

    [Fact]
    public async Task A_revocation_that_was_not_stored_is_not_reported_as_done_until_it_is()
    {
        var keyId = $"k-{Guid.NewGuid():N}";
        var key = Grains.GetGrain<IApiKeyGrain>(keyId);
        Assert.True(await key.Create(new ApiKeyRecord(keyId, $"acct-{Guid.NewGuid():N}", [AccessRoles.Submitter], null, fixture.Time.GetUtcNow(), "test")));
        fixture.Faults.FailWrites<ApiKeyState>("apikey", keyId, s => s.Record?.IsRevoked == true);

        // The operator sees the failure and revokes again: what that answers must be what a restarted silo enforces.
        await Assert.ThrowsAnyAsync<Exception>(() => key.Revoke(fixture.Time.GetUtcNow()));
        Assert.True((await key.Revoke(fixture.Time.GetUtcNow()))!.IsRevoked);
        await fixture.Cluster.DeactivateAsync(key);
        Assert.True((await key.Get())!.IsRevoked, "the revoked key works again after a restart");
    }

    [Fact]
    public async Task An_enrolment_that_was_not_stored_is_stored_by_the_retry_and_cannot_be_taken_by_another_owner()
    {
        var minerId = $"miner-{Guid.NewGuid():N}";
        var enrolment = Grains.GetGrain<IMinerEnrollmentGrain>(minerId);
        MinerEnrollment For(string owner) => new(minerId, owner, "public-key-of-" + owner, "rig", fixture.Time.GetUtcNow(), "credential-of-" + owner);
        fixture.Faults.FailWrites<MinerEnrollmentState>("enrollment", minerId);

        await Assert.ThrowsAnyAsync<Exception>(() => enrolment.Enroll(For("owner-a")));
        Assert.Equal("owner-a", (await enrolment.Enroll(For("owner-a"))).OwnerAccountId);
        await fixture.Cluster.DeactivateAsync(enrolment);

        // The first enrolment wins, as stored: a second owner cannot claim the miner after a restart.
        Assert.Equal("owner-a", (await enrolment.Enroll(For("owner-b"))).OwnerAccountId);
    }

    private static Quote QuoteFor(string quoteId, string tenant, string modelId, DateTimeOffset now)
    {
        var multipliers = new PriceMultipliers(1, 1, 1, 1, 1, 1, 1);
        return new Quote(quoteId, tenant, modelId, JobType.Inference, LatencyClass.Standard, "eu-west",
            new PriceBreakdown(0.1m, multipliers, 0.1m, false), "AITBC", now, now.AddHours(1));
    }
}
