using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Aitbc.Orleans.Blobs;
using Aitbc.Orleans.Fhe.Ckks;
using Aitbc.Orleans.Fhe.Compiler;
using Aitbc.Orleans.Fhe.Inference;
using Aitbc.Orleans.Fhe.Serialization;
using Aitbc.Orleans.Jobs;
using Aitbc.Orleans.Ledger;
using Aitbc.Orleans.Sdk;
using Aitbc.Orleans.Sdk.Contracts;
using Aitbc.Orleans.Tests.Fixtures;
using Aitbc.Orleans.Tests.Gateway;
using Aitbc.Orleans.Tests.Sdk;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using Orleans.Serialization;
using Orleans.Storage;
using static Aitbc.Orleans.Tests.Cli.CliRunner;
using JobStatus = Aitbc.Orleans.Sdk.Contracts.JobStatus;
using Kit = Aitbc.Orleans.Tests.Gateway.GatewayTestKit;
using Location = Aitbc.Orleans.Sdk.Contracts.Location;

namespace Aitbc.Orleans.Tests.PrivateInference;

/// <summary>
/// Private inference end to end against a real gateway on loopback: the CLI makes a key set, encrypts, submits to a
/// logistic regression and to a square MLP, waits and decrypts; the results match ONNX Runtime on the plaintext within
/// 1e-3. The job as stored (the API's view and the grain state) holds no plaintext input value, and nothing the
/// cluster stores is or contains the secret key. Refusals leave nothing behind.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class PrivateJobTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    private const double Precision = 1e-3;

    // Reykjavik: no other suite places a miner near it, so its jobs route to this suite's miner.
    private const double Lat = 64.15, Lon = -21.94;

    private static readonly float[] Row =
    [
        0.73519f, -0.41867f, 0.15273f, -0.92641f, 0.58394f, -0.07712f, 0.33158f, -0.66429f,
        0.88261f, -0.25937f, 0.04689f, -0.51473f, 0.69837f, -0.84152f, 0.21596f, -0.37284f,
    ];

    [Fact]
    public async Task The_cli_runs_a_logistic_regression_and_a_square_mlp_on_ciphertexts_and_matches_plaintext_inference()
    {
        var tenant = await fixture.NewTenant(100m);
        using var sdk = fixture.Sdk(tenant);
        var models = new[] { PrivateDemoModels.LogisticRegression(), PrivateDemoModels.SquareMlp() };
        var ids = new List<string>();
        foreach (var (bytes, name) in models.Zip(["private-lr", "private-mlp"]))
        {
            ids.Add((await sdk.UploadModelAsync(bytes, name, "MIT", cancellationToken: Kit.Ct)).Model.ModelId);
        }

        await using var miner = await fixture.StartPrivateMiner(Lat, Lon);
        var work = Directory.CreateTempSubdirectory("aitbc-private-").FullName;
        var keys = Path.Combine(work, "keys");
        var input = Path.Combine(work, "input.json");
        await File.WriteAllTextAsync(input, new JsonObject { ["features"] = Kit.Tensor("float32", [1, 16], [.. Row.Select(v => (JsonNode)v)]) }.ToJsonString(), Kit.Ct);
        var environment = Environment(fixture, tenant, $"{Lat},{Lon}");
        var keygen = await Run(environment, "private", "keygen", "--out", keys);
        Assert.True(keygen.ExitCode == 0, keygen.ToString());

        var jobIds = new List<string>();
        for (var m = 0; m < models.Length; m++)
        {
            var run = await Run(environment, "private", "run", "--model", ids[m], "--keys", keys, "--input", input, "--timeout", "60");
            Assert.True(run.ExitCode == 0, run.ToString());
            var outputs = run.Json["outputs"]!.AsObject();
            var (outputName, expected) = Plaintext(models[m]);
            var tensor = outputs[outputName]!;
            var actual = tensor["data"]!.AsArray().Select(v => v!.GetValue<double>()).ToArray();
            Assert.Equal([1L, expected.Length], tensor["shape"]!.AsArray().Select(d => d!.GetValue<long>()));
            Assert.Equal(expected.Length, actual.Length);
            for (var i = 0; i < expected.Length; i++)
            {
                Assert.True(Math.Abs(actual[i] - expected[i]) <= Precision, $"model {m} output {i}: {actual[i]} against plaintext {expected[i]}");
            }

            var job = await sdk.GetJobAsync(run.Json["jobId"]!.GetValue<string>(), Kit.Ct);
            Assert.Equal((JobStatus.Completed, Aitbc.Orleans.Sdk.Contracts.JobType.PrivateInference), (job.Status, job.JobType));
            Assert.Null(job.Outputs);
            Assert.Equal(FheBlobKind.Ciphertext, FheBlob.Inspect(job.EncryptedOutput).Kind);
            jobIds.Add(job.JobId);
        }

        // Priced as private inference: the CLI asked for a privateInference quote and the job paid it.
        var quoteless = await sdk.CreateQuoteAsync(new QuoteRequest { ModelId = ids[0], Client = new Location(Lat, Lon), JobType = Aitbc.Orleans.Sdk.Contracts.JobType.PrivateInference }, Kit.Ct);
        var plain = await sdk.CreateQuoteAsync(new QuoteRequest { ModelId = ids[0], Client = new Location(Lat, Lon) }, Kit.Ct);
        Assert.True(quoteless.Price > 10 * plain.Price, $"private {quoteless.Price} against plaintext {plain.Price}");

        // The secret key never left the directory: what the cluster stored for the jobs is ciphertexts and public keys only.
        var secret = await File.ReadAllBytesAsync(Path.Combine(keys, "secret.key"), Kit.Ct);
        var secretBody = secret.AsMemory(FheBlob.HeaderLength, 64).ToArray();
        var blobs = fixture.Cluster.Cluster.Silos[0].ServiceProvider.GetRequiredService<IBlobStore>();
        foreach (var jobId in jobIds)
        {
            var state = await ReadJobState(jobId);
            foreach (var stored in state.Inputs.Concat(state.Outputs ?? []))
            {
                var blob = stored.Inline ?? await blobs.GetAsync(stored.Digest!, Kit.Ct) ?? throw new InvalidOperationException("blob missing");
                Assert.Contains(FheBlob.Inspect(blob).Kind, new[] { FheBlobKind.Ciphertext, FheBlobKind.EvaluationKeys });
                Assert.Equal(-1, blob.AsSpan().IndexOf(secretBody));
            }
        }

        Directory.Delete(work, recursive: true);
    }

    [Fact]
    public async Task The_job_as_stored_in_the_cluster_holds_no_plaintext_input_value()
    {
        var tenant = await fixture.NewTenant(100m);
        using var sdk = fixture.Sdk(tenant);
        var model = (await sdk.UploadModelAsync(PrivateDemoModels.LogisticRegression(), "private-lr", "MIT", cancellationToken: Kit.Ct)).Model.ModelId;
        await using var miner = await fixture.StartPrivateMiner(Lat, Lon);
        using var keySet = PrivateInferenceClient.Create(CkksParameters.Standard128);
        var plan = await sdk.GetPrivatePlanAsync(model, Kit.Ct);
        var requirements = Aitbc.Orleans.Cli.Private.PrivateRun.RequirementsOf(plan);
        var job = await sdk.SubmitPrivateJobAsync(new PrivateJobRequest
        {
            ModelId = model,
            Ciphertext = keySet.EncryptInput(requirements, Array.ConvertAll(Row, v => (double)v)).ToBytes(),
            EvaluationKeys = keySet.CreateEvaluationKeys(requirements).ToBytes(),
            Client = new Location(Lat, Lon),
            MaxPrice = 1m,
        }, cancellationToken: Kit.Ct);
        job = await sdk.WaitForJobAsync(job.JobId, TimeSpan.FromSeconds(60), cancellationToken: Kit.Ct);
        Assert.Equal(JobStatus.Completed, job.Status);

        // What the API serves for the job, while it is active and after it is read back from storage.
        using var read = await tenant.Http.GetAsync($"/v1/jobs/{job.JobId}", Kit.Ct);
        var json = await read.Content.ReadAsStringAsync(Kit.Ct);
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Contains("\"encryptedOutput\"", json, StringComparison.Ordinal);
        await fixture.Cluster.Cluster.DeactivateAsync(fixture.Client.GetGrain<IJobGrain>(job.JobId));
        var reread = await (await tenant.Http.GetAsync($"/v1/jobs/{job.JobId}", Kit.Ct)).Content.ReadAsStringAsync(Kit.Ct);

        // The grain state exactly as storage serialises it, and the blobs it points to.
        var state = await ReadJobState(job.JobId);
        var serializer = fixture.Cluster.Cluster.Silos[0].ServiceProvider.GetRequiredService<Serializer>();
        var stateBytes = serializer.SerializeToArray(state);
        var blobs = fixture.Cluster.Cluster.Silos[0].ServiceProvider.GetRequiredService<IBlobStore>();
        var stored = new List<byte[]> { stateBytes };
        var ciphertexts = new List<byte[]>();
        foreach (var tensor in state.Inputs.Concat(state.Outputs ?? []))
        {
            ciphertexts.Add(tensor.Inline ?? (await blobs.GetAsync(tensor.Digest!, Kit.Ct))!);
        }

        Assert.Equal(2, state.Inputs.Count);
        Assert.All(state.Inputs, t => Assert.Null(t.Inline));
        foreach (var value in Row)
        {
            foreach (var text in new[] { json, reread })
            {
                Assert.DoesNotContain(value.ToString("0.0000", CultureInfo.InvariantCulture), text, StringComparison.Ordinal);
            }

            foreach (var bytes in stored)
            {
                Assert.Equal(-1, bytes.AsSpan().IndexOf(BitConverter.GetBytes(value)));
                Assert.Equal(-1, bytes.AsSpan().IndexOf(BitConverter.GetBytes((double)value)));
            }
        }

        // Megabytes of ciphertext hold any given 4 or 8 bytes by chance (about once in 400 runs per value and MiB), so
        // there the test looks for the plaintext row as it would be laid out: all its values in a row, as float32 or float64.
        var asFloats = Row.SelectMany(v => BitConverter.GetBytes(v)).ToArray();
        var asDoubles = Row.SelectMany(v => BitConverter.GetBytes((double)v)).ToArray();
        foreach (var bytes in ciphertexts)
        {
            Assert.Equal(-1, bytes.AsSpan().IndexOf(asFloats));
            Assert.Equal(-1, bytes.AsSpan().IndexOf(asDoubles));
        }
    }

    [Fact]
    public async Task Refused_private_submissions_say_why_and_change_nothing()
    {
        var tenant = await fixture.NewTenant(100m);
        using var sdk = fixture.Sdk(tenant);
        var lr = (await sdk.UploadModelAsync(PrivateDemoModels.LogisticRegression(), "private-lr", "MIT", cancellationToken: Kit.Ct)).Model.ModelId;
        var mlp = (await sdk.UploadModelAsync(PrivateDemoModels.SquareMlp(), "private-mlp", "MIT", cancellationToken: Kit.Ct)).Model.ModelId;
        var identity = (await sdk.UploadModelAsync(TestModels.Identity4(), "identity", "MIT", cancellationToken: Kit.Ct)).Model.ModelId;
        await using var miner = await fixture.StartPrivateMiner(Lat, Lon);
        using var keySet = PrivateInferenceClient.Create(CkksParameters.Standard128);
        using var otherKeySet = PrivateInferenceClient.Create(CkksParameters.Standard128);
        using var insecure = PrivateInferenceClient.Create(CkksParameters.InsecureTest);
        var lrPlan = Aitbc.Orleans.Cli.Private.PrivateRun.RequirementsOf(await sdk.GetPrivatePlanAsync(lr, Kit.Ct));
        var mlpPlan = Aitbc.Orleans.Cli.Private.PrivateRun.RequirementsOf(await sdk.GetPrivatePlanAsync(mlp, Kit.Ct));
        var row = Array.ConvertAll(Row, v => (double)v);
        var input = keySet.EncryptInput(lrPlan, row).ToBytes();
        var lrKeys = keySet.CreateEvaluationKeys(lrPlan).ToBytes();
        var insecurePlan = lrPlan with { ParameterSet = CkksParameterSetId.InsecureTestN1024 };

        var unsupported = await Assert.ThrowsAsync<AitbcApiException>(() => sdk.GetPrivatePlanAsync(identity, Kit.Ct));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, unsupported.StatusCode);
        Assert.Contains("cannot run privately", unsupported.Detail, StringComparison.Ordinal);

        var cases = new (string Model, byte[] Ciphertext, byte[] Keys, HttpStatusCode Status, string Says)[]
        {
            (identity, input, lrKeys, HttpStatusCode.UnprocessableEntity, "cannot run privately"),
            (lr, input, keySet.SecretKey.ToBytes(), HttpStatusCode.BadRequest, "secret key"),
            (lr, keySet.SecretKey.ToBytes(), lrKeys, HttpStatusCode.BadRequest, "secret key"),
            (lr, input, otherKeySet.CreateEvaluationKeys(lrPlan).ToBytes(), HttpStatusCode.BadRequest, "key set"),
            (lr, insecure.EncryptInput(insecurePlan, row).ToBytes(), insecure.CreateEvaluationKeys(insecurePlan).ToBytes(), HttpStatusCode.BadRequest, "no security"),
            (lr, [1, 2, 3], lrKeys, HttpStatusCode.BadRequest, "not a key or ciphertext"),
            // The square MLP needs a relinearization key, more Galois keys and a level-3 input: the cluster parses and refuses.
            (mlp, keySet.EncryptInput(mlpPlan, row).ToBytes(), lrKeys, HttpStatusCode.UnprocessableEntity, "does not fit the model's plan"),
        };
        foreach (var (model, ciphertext, keys, status, says) in cases)
        {
            var refused = await Assert.ThrowsAsync<AitbcApiException>(() => sdk.SubmitPrivateJobAsync(new PrivateJobRequest
            {
                ModelId = model, Ciphertext = ciphertext, EvaluationKeys = keys, Client = new Location(Lat, Lon), MaxPrice = 1m,
            }, cancellationToken: Kit.Ct));
            Assert.True(refused.StatusCode == status, $"{says}: {refused.StatusCode} {refused.Detail} {string.Join("; ", refused.Problem.Errors?.SelectMany(e => e.Value) ?? [])}");
            Assert.Contains(says, refused.Detail + string.Join(" ", refused.Problem.Errors?.SelectMany(e => e.Value) ?? []), StringComparison.Ordinal);
        }

        // A plaintext inference quote does not pay for a private job.
        var plainQuote = await sdk.CreateQuoteAsync(new QuoteRequest { ModelId = lr, Client = new Location(Lat, Lon) }, Kit.Ct);
        var wrongQuote = await Assert.ThrowsAsync<AitbcApiException>(() => sdk.SubmitPrivateJobAsync(new PrivateJobRequest
        {
            ModelId = lr, Ciphertext = input, EvaluationKeys = lrKeys, Client = new Location(Lat, Lon), QuoteId = plainQuote.QuoteId,
        }, cancellationToken: Kit.Ct));
        Assert.Equal(HttpStatusCode.Conflict, wrongQuote.StatusCode);

        Assert.Empty(await sdk.ListJobsAsync(10, Kit.Ct));
        var account = await fixture.Client.GetGrain<IAccountGrain>(tenant.AccountId).GetSnapshot();
        Assert.Equal(100m, account.Balance);
        Assert.Empty(miner.Miner.Received);
    }

    /// <summary>The model on the plaintext row, with ONNX Runtime: its output's name and values.</summary>
    private static (string Name, float[] Values) Plaintext(byte[] model)
    {
        using var session = new InferenceSession(model);
        using var value = OrtValue.CreateTensorValueFromMemory(Row.ToArray(), [1, Row.Length]);
        using var options = new RunOptions();
        using var results = session.Run(options, session.InputNames, [value], session.OutputNames);
        return (session.OutputNames[0], results[0].GetTensorDataAsSpan<float>().ToArray());
    }

    private async Task<JobState> ReadJobState(string jobId)
    {
        var storage = fixture.Cluster.Cluster.Silos[0].ServiceProvider.GetRequiredKeyedService<IGrainStorage>(AitbcConstants.GrainStorage);
        var state = new GrainState<JobState>(new JobState());
        await storage.ReadStateAsync("job", fixture.Client.GetGrain<IJobGrain>(jobId).GetGrainId(), state);
        return state.State ?? throw new InvalidOperationException($"job {jobId} has no stored state");
    }
}
