using System.Diagnostics.Metrics;
using Aitbc.Orleans.Access;
using Aitbc.Orleans.Dispatch;
using Aitbc.Orleans.Fleet;
using Aitbc.Orleans.Jobs;
using Aitbc.Orleans.Ledger;
using Aitbc.Orleans.Models;
using Aitbc.Orleans.Tests.Fixtures;
using Aitbc.Orleans.Trust;
using Microsoft.Extensions.Options;

namespace Aitbc.Orleans.Tests.Trust;

/// <summary>The silos' authorization filter, caller by caller, on a cluster that enforces it.</summary>
public sealed class CallAuthorizationTests(EnforcingClusterFixture fixture) : IClassFixture<EnforcingClusterFixture>
{
    private IClusterClient Grains => fixture.Client;

    [Fact]
    public async Task A_call_without_a_valid_session_is_refused_and_counted()
    {
        var denied = 0L;
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Name == "aitbc.trust.calls_denied")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref denied, value));
        listener.Start();

        using (EnforcingClusterFixture.Acting("not-a-token"))
        {
            var refused = await Assert.ThrowsAsync<SessionInvalidException>(() => Grains.GetGrain<IAccountGrain>("platform").GetSnapshot());
            Assert.Contains("IAccountGrain.GetSnapshot", refused.Message, StringComparison.Ordinal);
        }

        var otherKey = new ClusterTokens(Options.Create(new TrustOptions { TokenKey = Convert.ToBase64String(new byte[32]) }));
        using (EnforcingClusterFixture.Acting(otherKey.IssueToken(new CallerIdentity(CallerKind.Operator, "ops"), fixture.Time.GetUtcNow().AddHours(1))))
        {
            await Assert.ThrowsAsync<SessionInvalidException>(() => Grains.GetGrain<IAccountGrain>("platform").GetSnapshot());
        }

        Assert.True(Interlocked.Read(ref denied) >= 2, $"denied calls counted: {denied}");
    }

    [Fact]
    public async Task A_session_expires()
    {
        var minerId = TestMiner.NewMinerId();
        var token = fixture.Session(CallerKind.Miner, minerId);
        using (EnforcingClusterFixture.Acting(token))
        {
            Assert.Null(await Grains.GetGrain<IMinerGrain>(minerId).GetSnapshot());
            fixture.Time.Advance(TimeSpan.FromMinutes(31));
            await Assert.ThrowsAsync<SessionInvalidException>(() => Grains.GetGrain<IMinerGrain>(minerId).GetSnapshot());
        }
    }

    [Fact]
    public async Task A_miner_reaches_only_its_own_miner_gpus_and_jobs()
    {
        var mine = TestMiner.NewMinerId();
        var theirs = TestMiner.NewMinerId();
        using var _ = EnforcingClusterFixture.Acting(fixture.Session(CallerKind.Miner, mine));
        Assert.Null(await Grains.GetGrain<IMinerGrain>(mine).GetSnapshot());
        Assert.Null(await Grains.GetGrain<IGpuGrain>($"{mine}:g0").GetSnapshot());
        await Assert.ThrowsAsync<CallDeniedException>(() => Grains.GetGrain<IMinerGrain>(theirs).GetSnapshot());
        await Assert.ThrowsAsync<CallDeniedException>(() => Grains.GetGrain<IGpuGrain>($"{theirs}:g0").GetSnapshot());

        // A GPU id that merely starts like this miner's id is another miner's ("{id}x:..." is not "{id}:...").
        await Assert.ThrowsAsync<CallDeniedException>(() => Grains.GetGrain<IGpuGrain>($"{mine}x:g0").GetSnapshot());

        // The rows of its own GPUs are the cluster's: a rig can neither read nor reserve, block or mark them itself.
        var rows = Grains.GetGrain<IGpuShardGrain>(mine);
        await Assert.ThrowsAsync<CallDeniedException>(() => rows.GetSnapshot($"{mine}:g0"));
        await Assert.ThrowsAsync<CallDeniedException>(() => rows.TryReserve($"{mine}:g0", new ReservationRequest("b", null, DateTimeOffset.UtcNow.AddHours(1))));
        await Assert.ThrowsAsync<CallDeniedException>(() => rows.SetIntegrityBlock($"{mine}:g0", null));

        // Job answers pass only for the caller's own GPUs (the job then ignores answers that are not current).
        var job = Grains.GetGrain<IJobGrain>($"job-{Guid.NewGuid():N}");
        await job.Started($"{mine}:g0", 1);
        await job.Fail(new JobFailure(job.GetPrimaryKeyString(), 1, $"{mine}:g0", ErrorClass.RetryElsewhere, "none"));
        // Started is one-way: its refusal cannot reach the caller, so it is read from the filter's counter.
        var startedDenied = 0L;
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Name == "aitbc.trust.calls_denied")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag is { Key: "method", Value: string method } && method.EndsWith(nameof(IJobGrain.Started), StringComparison.Ordinal))
                {
                    Interlocked.Add(ref startedDenied, value);
                }
            }
        });
        listener.Start();
        await job.Started($"{theirs}:g0", 1);
        await TestWait.Until(() => Task.FromResult(Interlocked.Read(ref startedDenied) >= 1), TimeSpan.FromSeconds(20));
        await Assert.ThrowsAsync<CallDeniedException>(() => job.Fail(new JobFailure(job.GetPrimaryKeyString(), 1, $"{theirs}:g0", ErrorClass.Fatal, "sabotage")));
        await Assert.ThrowsAsync<CallDeniedException>(() => job.GpuLost($"{mine}:g0", "made up"));
    }

    [Fact]
    public async Task Gateways_submit_and_read_but_only_operators_credit_or_create_keys()
    {
        var account = $"acct-{Guid.NewGuid():N}";
        var credit = new LedgerOperation($"credit-{account}", LedgerOperationKind.Credit, 5m, "top-up");
        using (EnforcingClusterFixture.Acting(fixture.Session(CallerKind.Gateway, "gw")))
        {
            Assert.Equal(0m, (await Grains.GetGrain<IAccountGrain>(account).GetSnapshot()).Balance);
            await Assert.ThrowsAsync<CallDeniedException>(() => Grains.GetGrain<IAccountGrain>(account).Apply(credit));

            var operatorKey = new ApiKeyRecord(new string('a', 64), account, [AccessRoles.Operator], null, DateTimeOffset.UtcNow, null);
            await Assert.ThrowsAsync<CallDeniedException>(() => Grains.GetGrain<IApiKeyGrain>(operatorKey.KeyId).Create(operatorKey));
            var minerId = TestMiner.NewMinerId();
            var minerCredential = new ApiKeyRecord(new string('b', 64), LedgerAccounts.ForMiner(minerId), [AccessRoles.Miner], minerId, DateTimeOffset.UtcNow, null);
            Assert.True(await Grains.GetGrain<IApiKeyGrain>($"{Guid.NewGuid():N}{Guid.NewGuid():N}").Create(minerCredential));

            // The call every HTTP submission makes reaches the job (here to be refused for its unknown model), not the filter.
            var submitted = await Record.ExceptionAsync(() => Grains.GetGrain<IJobGrain>($"job-{Guid.NewGuid():N}")
                .SubmitAndWait(ClusterTestExtensions.Job(account, "m-0000000000000000", new(50.1, 8.7)), TimeSpan.Zero));
            Assert.False(submitted is CallDeniedException, submitted?.ToString());
        }

        using (EnforcingClusterFixture.Acting(fixture.Session(CallerKind.Operator, "ops")))
        {
            Assert.True((await Grains.GetGrain<IAccountGrain>(account).Apply(credit)).Applied);
        }
    }

    [Fact]
    public async Task Gateways_read_the_dashboards_but_only_operators_register_cloud_offers_and_miners_read_neither()
    {
        var offer = new CloudOffer(TestMiner.NewMinerId(), "AWS", "g5.xlarge", "NVIDIA A10G", 1, new(38.9, -77.4), "na-east", 1.006m, DateTimeOffset.UtcNow, "ops");
        var gpu = TestMiner.NewGpuId("g0");
        using (EnforcingClusterFixture.Acting(fixture.Session(CallerKind.Gateway, "gw")))
        {
            Assert.Empty(await Grains.GetGrain<IOwnerMinersGrain>($"owner-{Guid.NewGuid():N}").List());
            Assert.Empty(await Grains.GetGrain<IGpuGrain>(gpu).GetRecentJobs());
            await Grains.GetGrain<ISlashLogGrain>(0).List();
            await Grains.GetGrain<ICloudPoolGrain>(0).List();
            await Assert.ThrowsAsync<CallDeniedException>(() => Grains.GetGrain<ICloudPoolGrain>(0).Register(offer));
            await Assert.ThrowsAsync<CallDeniedException>(() => Grains.GetGrain<ICloudPoolGrain>(0).Remove(offer.MinerId));
            await Assert.ThrowsAsync<CallDeniedException>(() => Grains.GetGrain<IMinerEnrollmentGrain>(offer.MinerId).Withdraw());
            await Assert.ThrowsAsync<CallDeniedException>(() => Grains.GetGrain<IOwnerMinersGrain>("someone").Add(offer.MinerId));
            await Assert.ThrowsAsync<CallDeniedException>(() => Grains.GetGrain<ISlashLogGrain>(0).Record(
                new SlashRecord(offer.MinerId, SlashReason.ThermalEmergency, 1m, DateTimeOffset.UtcNow, "made-up", "none")));
        }

        using (EnforcingClusterFixture.Acting(fixture.Session(CallerKind.Miner, TestMiner.MinerOf(gpu))))
        {
            await Assert.ThrowsAsync<CallDeniedException>(() => Grains.GetGrain<IGpuGrain>(gpu).GetRecentJobs());
            await Assert.ThrowsAsync<CallDeniedException>(() => Grains.GetGrain<ICloudPoolGrain>(0).List());
            await Assert.ThrowsAsync<CallDeniedException>(() => Grains.GetGrain<ICloudPoolGrain>(0).Remove(offer.MinerId));
            await Assert.ThrowsAsync<CallDeniedException>(() => Grains.GetGrain<IMinerEnrollmentGrain>(TestMiner.MinerOf(gpu)).Withdraw());
        }

        using (EnforcingClusterFixture.Acting(fixture.Session(CallerKind.Operator, "ops")))
        {
            Assert.True(await Grains.GetGrain<ICloudPoolGrain>(0).Register(offer));
            Assert.Equal(offer, await Grains.GetGrain<ICloudPoolGrain>(0).Remove(offer.MinerId));
        }
    }

    [Fact]
    public async Task A_miner_reads_only_the_models_of_jobs_assigned_to_it()
    {
        using var miner = new TestMiner(Grains, TestMiner.NewMinerId()) { Behaviour = _ => MinerReaction.Silent };
        await miner.Register(Grains, [TestMiner.Gpu(miner.GpuId("g0"), 12.97, 77.59)]); // Bengaluru
        // Stored as uploads are (content-addressed chunks), so that its chunks exist under its hash.
        var spec = new Tensors.TensorSpec("input", Tensors.TensorElementType.Float32, [-1, 4]);
        var assigned = await ModelStore.PutAsync(Grains, "assigned", "MIT", "test", Guid.NewGuid().ToByteArray(), [spec], [spec with { Name = "output" }], DateTimeOffset.UtcNow);
        var other = await ModelStore.PutAsync(Grains, "other", "MIT", "test", Guid.NewGuid().ToByteArray(), [spec], [spec with { Name = "output" }], DateTimeOffset.UtcNow);
        var tenant = await Grains.FundedTenant();
        await Grains.GetGrain<IJobGrain>($"job-{Guid.NewGuid():N}").Submit(ClusterTestExtensions.Job(tenant, assigned.ModelId, new(12.9, 77.6)));
        await miner.FirstAssignment.Task.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);

        using var _ = EnforcingClusterFixture.Acting(fixture.Session(CallerKind.Miner, miner.MinerId));
        Assert.Equal(assigned.Sha256, (await Grains.GetGrain<IModelGrain>(assigned.ModelId).Get())!.Sha256);
        await Assert.ThrowsAsync<CallDeniedException>(() => Grains.GetGrain<IModelGrain>(other.ModelId).Get());
        await Grains.GetGrain<IModelChunkGrain>(ModelStore.ChunkKey(assigned.Sha256, 0)).Read();
        await Assert.ThrowsAsync<CallDeniedException>(() => Grains.GetGrain<IModelChunkGrain>(ModelStore.ChunkKey(other.Sha256, 0)).Read());
    }

    [Fact]
    public async Task Sign_in_needs_the_enrolled_key_over_a_fresh_challenge()
    {
        using var miner = new TestMiner(Grains, TestMiner.NewMinerId());
        var access = Grains.GetGrain<IClusterAccessGrain>(0);
        var subject = new CallerIdentity(CallerKind.Miner, miner.MinerId).ToString();
        var challenge = await access.GetChallenge();
        var request = new SignInRequest(challenge.Value, miner.Sign(SignInPayload.For(challenge.Value, subject)), MinerId: miner.MinerId);
        await Assert.ThrowsAsync<MinerNotEnrolledException>(() => access.SignIn(request));

        await miner.Enroll();
        var session = await access.SignIn(request);
        Assert.Equal(new CallerIdentity(CallerKind.Miner, miner.MinerId), session.Caller);
        using (EnforcingClusterFixture.Acting(session.Token))
        {
            Assert.Null(await Grains.GetGrain<IMinerGrain>(miner.MinerId).GetSnapshot());
        }

        using var stranger = new TestMiner(Grains, TestMiner.NewMinerId());
        await Assert.ThrowsAsync<SignInRefusedException>(() => access.SignIn(request with { Signature = stranger.Sign(SignInPayload.For(challenge.Value, subject)) }));
        await Assert.ThrowsAsync<SignInRefusedException>(() => access.SignIn(request with { Challenge = challenge.Value + "x" }));
        fixture.Time.Advance(TimeSpan.FromMinutes(3));
        await Assert.ThrowsAsync<SignInRefusedException>(() => access.SignIn(request));
    }
}
