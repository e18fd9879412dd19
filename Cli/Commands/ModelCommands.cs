using System.CommandLine;
using Aitbc.Orleans.Cli.Output;

namespace Aitbc.Orleans.Cli.Commands;

/// <summary>models upload | list | get.</summary>
public static class ModelCommands
{
    public static Command Create(CliContext context) => new("models", "Upload, list and describe ONNX models")
    {
        Upload(context),
        List(context),
        context.ById("get", "One model: inputs, outputs, size and owner", "model", (client, id, ct) => client.GetModelAsync(id, ct)),
    };

    private static Command Upload(CliContext context)
    {
        var file = new Argument<string>("file") { Description = "The .onnx file" };
        var name = new Option<string?>("--name") { Description = "Display name (default: the file name without .onnx)" };
        var license = new Option<string?>("--license") { Description = "License of the model, e.g. MIT" };
        var command = new Command("upload", "Register a model (content-addressed: the same bytes register once)") { file, name, license };
        command.SetAction((parse, ct) => context.Run(async () =>
        {
            var path = parse.GetValue(file)!;
            using var client = context.Client(parse);
            Sdk.Contracts.ModelUpload upload;
            using (var progress = new ProgressDisplay(context.Console, $"upload {Path.GetFileName(path)}"))
            {
                upload = await client.UploadModelAsync(path, parse.GetValue(name) ?? Path.GetFileNameWithoutExtension(path), parse.GetValue(license), progress, ct);
            }

            JsonOutput.Write(context.Console.Out, new { upload.Created, upload.Model });
            return ExitCodes.Ok;
        }));
        return command;
    }

    private static Command List(CliContext context)
    {
        var page = new Option<int?>("--page") { Description = "Page number, from 1" };
        var size = new Option<int?>("--page-size") { Description = "Models per page" };
        var command = new Command("list", "Registered models, one page") { page, size };
        command.SetAction((parse, ct) => context.Run(async () =>
        {
            using var client = context.Client(parse);
            JsonOutput.Write(context.Console.Out, await client.ListModelsAsync(parse.GetValue(page), parse.GetValue(size), ct));
            return ExitCodes.Ok;
        }));
        return command;
    }
}
