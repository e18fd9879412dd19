using System.Security.Cryptography;
using Aitbc.Orleans.Sdk.Contracts;
using Aitbc.Orleans.Tests.Fixtures;
using Aitbc.Orleans.Tests.Gateway;
using Kit = Aitbc.Orleans.Tests.Gateway.GatewayTestKit;

namespace Aitbc.Orleans.Tests.Sdk;

/// <summary>Model uploads through the SDK: progress, content addressing, listing and reading back.</summary>
[Collection(ClusterCollection.Name)]
public sealed class SdkModelTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    [Fact]
    public async Task An_upload_reports_its_progress_registers_once_and_is_listed_and_read_back()
    {
        var tenant = await fixture.NewTenant();
        using var sdk = fixture.Sdk(tenant);
        var bytes = TestModels.MultiChunk(); // about 1.2 MB: several progress reports
        var file = Path.Combine(Directory.CreateTempSubdirectory("aitbc-sdk-").FullName, "multichunk.onnx");
        await File.WriteAllBytesAsync(file, bytes, Kit.Ct);
        var progress = new ProgressRecorder<TransferProgress>();

        var first = await sdk.UploadModelAsync(file, "sdk-upload", "Apache-2.0", progress, Kit.Ct);

        Assert.True(first.Created);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), first.Model.Sha256);
        Assert.Equal("m-" + first.Model.Sha256[..16], first.Model.ModelId);
        Assert.Equal(("sdk-upload", "Apache-2.0", (long)bytes.Length), (first.Model.Name, first.Model.License, first.Model.SizeBytes));
        Assert.Equal(tenant.AccountId, first.Model.OwnerAccountId);
        Assert.Equal("x", Assert.Single(first.Model.Inputs).Name);
        var reports = progress.Reports;
        Assert.True(reports.Count > 2, $"{reports.Count} progress reports");
        Assert.All(reports, r => Assert.Equal(bytes.Length, r.TotalBytes));
        Assert.Equal(reports.Select(r => r.BytesSent).Order(), reports.Select(r => r.BytesSent));
        Assert.Equal(bytes.Length, reports[^1].BytesSent);

        var again = await sdk.UploadModelAsync(bytes, "sdk-upload-again", cancellationToken: Kit.Ct);
        Assert.False(again.Created);
        Assert.Equal(first.Model.ModelId, again.Model.ModelId);

        var page = await sdk.ListModelsAsync(1, 200, Kit.Ct);
        Assert.Equal((1, 200), (page.Page, page.PageSize));
        Assert.Contains(page.Items, m => m.ModelId == first.Model.ModelId);
        var read = await sdk.GetModelAsync(first.Model.ModelId, Kit.Ct);
        Assert.Equal((first.Model.Sha256, first.Model.ParameterCount), (read.Sha256, read.ParameterCount));
    }
}
