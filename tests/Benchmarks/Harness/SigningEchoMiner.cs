using System.Security.Cryptography;
using Aitbc.Orleans.Dispatch;
using Aitbc.Orleans.Fleet;
using Aitbc.Orleans.Jobs;
using Aitbc.Orleans.Ledger;
using Aitbc.Orleans.Tensors;

namespace Aitbc.Orleans.Benchmarks.Harness;

/// <summary>
/// A simulated miner with a 0 ms synthetic executor: every assignment is answered at once with its input as the output,
/// signed with a real P-256 key, through the real observer and job grain calls. It measures the coordinator, not a GPU.
/// </summary>
public sealed class SigningEchoMiner(IGrainFactory grains, string minerId, string outputName = "output") : IMinerObserver, IDisposable
{
    private readonly ECDsa _key = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    public async Task RegisterAsync(IClusterClient client, IReadOnlyList<GpuRegistration> gpus)
    {
        var account = grains.GetGrain<IAccountGrain>(LedgerAccounts.ForMiner(minerId));
        await account.Apply(new LedgerOperation($"fund:{minerId}", LedgerOperationKind.Credit, 100m, "bench funding"));
        await account.Apply(new LedgerOperation($"stake:{minerId}", LedgerOperationKind.Stake, 100m, "bench stake"));
        var reference = client.CreateObjectReference<IMinerObserver>(this);
        var registration = await BenchEnrollment.EnrolledAndSigned(grains,
            new MinerRegistration(minerId, LedgerAccounts.ForMiner(minerId), BenchEnrollment.PublicKeyOf(_key), gpus, "bench", true), _key);
        await grains.GetGrain<IMinerGrain>(minerId).Register(registration, reference);
    }

    public Task Execute(JobAssignment assignment)
    {
        _ = Task.Run(async () =>
        {
            // An identity model: its one input comes back as its one declared output.
            var outputs = new Dictionary<string, TensorData>(StringComparer.Ordinal) { [outputName] = assignment.Inputs.Values.First() };
            var digest = ResultDigest.Compute(assignment.JobId, outputs);
            var signature = Convert.ToBase64String(BenchEnrollment.Sign(_key, digest));
            await grains.GetGrain<IJobGrain>(assignment.JobId).Complete(
                new JobResult(assignment.JobId, assignment.Attempt, assignment.GpuId, outputs, "Synthetic", 0, 0, 0, signature));
        });
        return Task.CompletedTask;
    }

    public Task Cancel(string jobId, int attempt) => Task.CompletedTask;

    public Task Prefetch(Aitbc.Orleans.Models.Deployments.ModelPrefetch prefetch) => Task.CompletedTask;

    public void Dispose() => _key.Dispose();
}
