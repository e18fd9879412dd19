using Aitbc.Orleans.Fleet;
using Aitbc.Orleans.Jobs;
using Aitbc.Orleans.Onnx.Building;
using Aitbc.Orleans.Models;
using Aitbc.Orleans.Tensors;
using Aitbc.Orleans.Tests.Fixtures;

namespace Aitbc.Orleans.Tests.Miner.Daemon;

/// <summary>
/// The daemon and a development silo as separate real processes: the miner survives every silo restarting, and a
/// SIGTERM drains its running job instead of losing it.
/// </summary>
public sealed class MinerProcessTests
{
    private static readonly string DemoModelId = ModelStore.ModelIdFor(DemoModels.Default.Sha256);

    private sealed record Ports(int Silo, int Gateway, int Http, int Grpc);

    private static Ports NewPorts() => new(LoopbackPorts.Next(), LoopbackPorts.Next(), LoopbackPorts.Next(), LoopbackPorts.Next());

    private static ChildProcess StartSilo(Ports ports) => ChildProcess.Start("Silo",
    [
        $"--Kestrel:Endpoints:Http:Url=http://127.0.0.1:{ports.Http}", $"--Kestrel:Endpoints:Grpc:Url=http://127.0.0.1:{ports.Grpc}", $"--Orleans:SiloPort={ports.Silo}", $"--Orleans:GatewayPort={ports.Gateway}",
        "--Aitbc:LocalMiner:Enabled=false",
        // The simulated GPU answers zeros: a hardware challenge would block it before the jobs this test is about.
        "--Aitbc:Verification:ChallengeEnabled=false",
    ]);

    private static ChildProcess StartMiner(Ports ports, string minerId, string state, int delayMs) => ChildProcess.Start(
        "MinerClient",
        ["run", "--simulate", "1", "--synthetic-delay-ms", delayMs.ToString(System.Globalization.CultureInfo.InvariantCulture)],
        new Dictionary<string, string>
        {
            ["AITBC_MINER_Orleans__GatewayPort"] = ports.Gateway.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["AITBC_MINER_MinerId"] = minerId,
            ["AITBC_MINER_StateDirectory"] = state,
            ["AITBC_MINER_HeartbeatIntervalSeconds"] = "1",
            // The daemon enrols itself there with the development key; models come from the cluster (synthetic answers).
            ["AITBC_MINER_GatewayUrl"] = $"http://127.0.0.1:{ports.Http}",
            // The job runner's debug lines say when a run begins (the drain test waits for one).
            ["AITBC_MINER_Logging__LogLevel__Aitbc.Orleans.Miner.Daemon.JobRunner"] = "Debug",
        });

    private static Task<string> Submit(IGrainFactory grains) => SubmitWithId(grains, $"proc-job-{Guid.NewGuid():N}");

    private static async Task<string> SubmitWithId(IGrainFactory grains, string jobId)
    {
        // The development bootstrap funds tenant "dev" and registers the demo model; economy reaches any simulated city.
        await TestWait.Until(async () => await grains.GetGrain<IModelGrain>(DemoModelId).Get() is not null, TimeSpan.FromSeconds(30));
        await grains.GetGrain<IJobGrain>(jobId).Submit(new JobSubmission(
            "dev", DemoModelId, JobType.Inference,
            new Dictionary<string, TensorData> { ["input"] = TensorData.FromFloats(new float[16], 1, 16) },
            LatencyClass.Economy, new(0, 0), null, 0.05m, null));
        return jobId;
    }

    private static Task WaitOnline(IGrainFactory grains, string minerId, ChildProcess miner) =>
        TestWait.Until(async () => (await grains.GetGrain<IMinerGrain>(minerId).GetSnapshot())?.Online == true,
            TimeSpan.FromSeconds(60), $"miner never came online:\n{miner.Output}");

    [Fact]
    public async Task Run_without_a_location_refuses_to_start_and_says_how_to_give_one()
    {
        var state = Directory.CreateTempSubdirectory("aitbc-noloc-");
        try
        {
            await using var miner = ChildProcess.Start("MinerClient", ["run"], new Dictionary<string, string>
            {
                ["AITBC_MINER_StateDirectory"] = state.FullName,
                ["TZ"] = "Europe/Berlin",
            });

            Assert.True(await miner.WaitForExit(TimeSpan.FromSeconds(60)), miner.Output);
            Assert.Equal(2, miner.ExitCode);
            Assert.Contains("This miner has no location", miner.Output, StringComparison.Ordinal);
            Assert.Contains("--city NAME", miner.Output, StringComparison.Ordinal);
            Assert.Empty(Directory.GetFiles(state.FullName)); // refused before enrolling or creating an identity
        }
        finally
        {
            state.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task The_miner_registers_again_by_itself_after_every_silo_restarts_and_serves_jobs()
    {
        var ports = NewPorts();
        var minerId = $"proc-miner-{Guid.NewGuid():N}"[..24];
        var state = Directory.CreateTempSubdirectory("aitbc-proc-miner-");
        var silo = StartSilo(ports);
        await using var miner = StartMiner(ports, minerId, state.FullName, 100);
        try
        {
            await using (var first = await LocalClusterClient.Connect(ports.Gateway, TimeSpan.FromSeconds(60)))
            {
                await WaitOnline(first.Client, minerId, miner);
                var done = await first.Client.WaitForTerminal(await Submit(first.Client), TimeSpan.FromSeconds(30));
                Assert.True(done.Status == JobStatus.Completed, done.Describe());
            }

            silo.Kill();
            await silo.WaitForExit(TimeSpan.FromSeconds(10));
            await silo.DisposeAsync();
            silo = StartSilo(ports);

            await using var second = await LocalClusterClient.Connect(ports.Gateway, TimeSpan.FromSeconds(60));
            await WaitOnline(second.Client, minerId, miner);
            var again = await second.Client.WaitForTerminal(await Submit(second.Client), TimeSpan.FromSeconds(30));
            Assert.True(again.Status == JobStatus.Completed, again.Describe() + "\n" + miner.Output);
            Assert.StartsWith(minerId, again.GpuId, StringComparison.Ordinal);
            Assert.Contains("(registration #2)", miner.Output, StringComparison.Ordinal);
        }
        finally
        {
            await silo.DisposeAsync();
            state.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Sigterm_drains_the_running_job_then_deregisters()
    {
        var ports = NewPorts();
        var minerId = $"drain-miner-{Guid.NewGuid():N}"[..24];
        var state = Directory.CreateTempSubdirectory("aitbc-drain-miner-");
        await using var silo = StartSilo(ports);
        await using var miner = StartMiner(ports, minerId, state.FullName, 3000);
        try
        {
            await using var cluster = await LocalClusterClient.Connect(ports.Gateway, TimeSpan.FromSeconds(60));
            var grains = cluster.Client;
            await WaitOnline(grains, minerId, miner);
            var jobId = await Submit(grains);
            // Running: the miner has the job (dispatched means only that it was handed to the miner's connection). The
            // miner's Started is one-way and may not arrive on a loaded machine; the miner's own log line says it too.
            await TestWait.Until(
                async () => (await grains.GetGrain<IJobGrain>(jobId).Get())!.Status is JobStatus.Running
                    || miner.Output.Contains($"Job {jobId} attempt 1 running on", StringComparison.Ordinal),
                TimeSpan.FromSeconds(30),
                async () => $"the job never ran: {(await grains.GetGrain<IJobGrain>(jobId).Get())?.Describe()}\nMINER:\n{miner.Output}\nSILO:\n{silo.Output}");

            miner.Terminate();

            var done = await grains.WaitForTerminal(jobId, TimeSpan.FromSeconds(30));
            Assert.True(done.Status == JobStatus.Completed, done.Describe() + "\n" + miner.Output + "\nSILO:\n" + silo.Output);
            Assert.Single(done.Attempts);
            Assert.StartsWith(minerId, done.GpuId, StringComparison.Ordinal);
            Assert.True(await miner.WaitForExit(TimeSpan.FromSeconds(30)), miner.Output);
            Assert.Equal(0, miner.ExitCode);
            Assert.False((await grains.GetGrain<IMinerGrain>(minerId).GetSnapshot())!.Online);
            Assert.Contains("Draining", miner.Output, StringComparison.Ordinal);
        }
        finally
        {
            state.Delete(recursive: true);
        }
    }
}
