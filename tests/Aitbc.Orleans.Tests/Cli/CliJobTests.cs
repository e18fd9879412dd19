using System.Text.Json.Nodes;
using Aitbc.Orleans.Cli;
using Aitbc.Orleans.Tests.Fixtures;
using Aitbc.Orleans.Tests.Gateway;
using static Aitbc.Orleans.Tests.Cli.CliRunner;

namespace Aitbc.Orleans.Tests.Cli;

/// <summary>The aitbc commands run in-process against a real gateway on loopback.</summary>
[Collection(ClusterCollection.Name)]
public sealed class CliJobTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    private readonly string _directory = Directory.CreateTempSubdirectory("aitbc-cli-").FullName;

    [Fact]
    public async Task Models_upload_with_progress_lines_then_list_and_get_print_json()
    {
        var tenant = await fixture.NewTenant();
        var file = Path.Combine(_directory, "identity4.onnx");
        await File.WriteAllBytesAsync(file, TestModels.Identity4(), TestContext.Current.CancellationToken);

        // Flags instead of the environment.
        var upload = await Run(NoEnvironment(), "models", "upload", file, "--name", "cli-model", "--license", "MIT",
            "--api", fixture.BaseAddress.ToString(), "--key", tenant.Key);

        Assert.True(upload.ExitCode == ExitCodes.Ok, upload.ToString());
        Assert.True(upload.Json["created"]!.GetValue<bool>());
        var modelId = upload.Json["model"]!["modelId"]!.GetValue<string>();
        Assert.Equal("cli-model", upload.Json["model"]!["name"]!.GetValue<string>());
        // Redirected standard error: plain lines, the last at 100%.
        Assert.Contains("upload identity4.onnx: [####################] 100.0%", upload.Error, StringComparison.Ordinal);
        Assert.DoesNotContain('\r', upload.Error);

        var environment = Environment(fixture, tenant);
        var list = await Run(environment, "models", "list", "--page-size", "200");
        Assert.Equal(ExitCodes.Ok, list.ExitCode);
        Assert.Contains(list.Json["items"]!.AsArray(), m => m!["modelId"]!.GetValue<string>() == modelId);

        var get = await Run(environment, "models", "get", modelId);
        Assert.Equal(upload.Json["model"]!["sha256"]!.GetValue<string>(), get.Json["sha256"]!.GetValue<string>());
    }

    [Fact]
    public async Task Quote_submit_with_wait_get_and_watch_use_the_environment_and_print_one_json_object()
    {
        var tenant = await fixture.NewTenant(100m);
        var modelId = await tenant.Http.UploadModel(TestModels.Identity4());
        await using var miner = await fixture.StartMiner(Places.Tokyo.Latitude, Places.Tokyo.Longitude);
        var environment = Environment(fixture, tenant, location: "35.7,139.7");
        var inputs = Path.Combine(_directory, "inputs.json");
        await File.WriteAllTextAsync(inputs, """{"x": {"type": "float32", "shape": [1, 4], "data": [0.5, -1, 2, 4]}}""", TestContext.Current.CancellationToken);

        var quote = await Run(environment, "quote", "--model", modelId, "--latency", "fast");
        Assert.True(quote.ExitCode == ExitCodes.Ok, quote.ToString());
        Assert.Equal("fast", quote.Json["latencyClass"]!.GetValue<string>());
        var quoteId = quote.Json["quoteId"]!.GetValue<string>();

        var submit = await Run(environment, "submit", "--model", modelId, "--input", inputs, "--quote", quoteId, "--latency", "fast", "--wait", "30");
        Assert.True(submit.ExitCode == ExitCodes.Ok, submit.ToString());
        var job = submit.Json;
        Assert.Equal("completed", job["status"]!.GetValue<string>());
        Assert.Equal(miner.GpuId, job["gpuId"]!.GetValue<string>());
        Assert.Equal([0.5, -1, 2, 4], job["outputs"]!["y"]!["data"]!.AsArray().Select(v => v!.GetValue<double>()));
        var jobId = job["jobId"]!.GetValue<string>();
        Assert.Contains($"job {jobId}: completed", submit.Error, StringComparison.Ordinal);

        var get = await Run(environment, "get", jobId);
        Assert.Equal(("completed", quoteId), (get.Json["status"]!.GetValue<string>(), get.Json["quoteId"]!.GetValue<string>()));
        var watch = await Run(environment, "watch", jobId);
        Assert.True(watch.ExitCode == ExitCodes.Ok, watch.ToString());
        Assert.Equal(jobId, watch.Json["jobId"]!.GetValue<string>());

        // Inputs on standard input, and no quote or price cap: the CLI asks for a quote and says what it costs.
        var quoted = await RunWithInput(environment, """{"x": {"type": "float32", "shape": [1, 4], "data": [1, 1, 1, 1]}}""",
            "submit", "--model", modelId, "--input", "-", "--wait", "30");
        Assert.True(quoted.ExitCode == ExitCodes.Ok, quoted.ToString());
        Assert.Matches(@"quote q-\S+: [0-9.]+ AITBC in ", quoted.Error);
        Assert.Equal("completed", quoted.Json["status"]!.GetValue<string>());
        Assert.NotNull(quoted.Json["quoteId"]);
    }

    [Fact]
    public async Task A_job_still_running_when_the_wait_ends_exits_4_and_cancel_prints_it_cancelled()
    {
        var tenant = await fixture.NewTenant(100m);
        var modelId = await tenant.Http.UploadModel(TestModels.Identity4());
        await using var miner = await fixture.StartMiner(Places.NewYork.Latitude, Places.NewYork.Longitude, MinerReaction.Silent);
        var environment = Environment(fixture, tenant, location: "40.7,-74.0");

        var submit = await RunWithInput(environment, """{"x": {"type": "float32", "shape": [1, 4], "data": [1, 2, 3, 4]}}""",
            "submit", "--model", modelId, "--input", "-", "--max-price", "1", "--wait", "1");

        Assert.True(submit.ExitCode == ExitCodes.StillRunning, submit.ToString());
        var jobId = submit.Json["jobId"]!.GetValue<string>();
        Assert.NotEqual("completed", submit.Json["status"]!.GetValue<string>());
        var cancel = await Run(environment, "cancel", jobId);
        Assert.Equal("cancelled", cancel.Json["status"]!.GetValue<string>());
        var watch = await Run(environment, "watch", jobId);
        Assert.Equal(ExitCodes.JobNotCompleted, watch.ExitCode);
    }

    [Fact]
    public async Task Refusals_and_bad_input_exit_1_with_the_reason_on_standard_error_and_nothing_on_standard_output()
    {
        var tenant = await fixture.NewTenant();
        var environment = Environment(fixture, tenant);

        var missing = await Run(environment, "get", "j-missing");
        Assert.Equal(ExitCodes.Error, missing.ExitCode);
        Assert.StartsWith("error: 404 Not found: ", missing.Error, StringComparison.Ordinal);
        Assert.Empty(missing.Out);

        var unreachable = await Run(NoEnvironment(), "models", "list", "--api", "http://127.0.0.1:1");
        Assert.Equal(ExitCodes.Error, unreachable.ExitCode);
        Assert.StartsWith("error: cannot reach the gateway", unreachable.Error, StringComparison.Ordinal);

        var nowhere = await Run(environment, "quote", "--model", "m-0000000000000000");
        Assert.Equal(ExitCodes.Error, nowhere.ExitCode);
        Assert.Contains("--location LAT,LON", nowhere.Error, StringComparison.Ordinal);

        var badInput = await RunWithInput(environment, "{\"x\": 1}", "submit", "--model", "m-0000000000000000", "--input", "-", "--location", "0,0");
        Assert.Equal(ExitCodes.Error, badInput.ExitCode);
        Assert.StartsWith("error: ", badInput.Error, StringComparison.Ordinal);
        Assert.Empty(badInput.Out);
    }
}
