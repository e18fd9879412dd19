using Aitbc.Orleans.Gateway.Contracts;
using Aitbc.Orleans.Gateway.Hosting;
using Aitbc.Orleans.Gateway.Models;
using Aitbc.Orleans.Gateway.Security;
using Aitbc.Orleans.Gateway.Validation;
using Aitbc.Orleans.Trust;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using Microsoft.OpenApi;

namespace Aitbc.Orleans.Gateway.Http;

/// <summary>/v1/models: upload ONNX bytes, list, describe, and download (with Range, for resuming miners).</summary>
public static class ModelEndpoints
{
    public static RouteGroupBuilder MapModelEndpoints(this RouteGroupBuilder v1)
    {
        v1.MapPost("/models", Upload).RequireSubmitter().WithName("UploadModel")
            .WithMetadata(new ModelUploadMetadata())
            .WithSummary("Register an ONNX model (body: the model bytes, application/octet-stream; query: name, license)")
            .WithDescription("The id is content-addressed (m- and 16 hex digits of the SHA-256): the same bytes register once, " +
                             "and a second upload answers 200 with the existing model. The signature is read from the model.")
            .WithBinaryBody()
            .WithQueryParameter("name", JsonSchemaType.String, "Display name", required: true)
            .WithQueryParameter("license", JsonSchemaType.String, "License of the model, e.g. MIT")
            .Produces<ModelResponse>(StatusCodes.Status201Created).Produces<ModelResponse>().ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge).ProducesProblem(StatusCodes.Status415UnsupportedMediaType);

        v1.MapGet("/models", List).RequireApiKey().WithName("ListModels")
            .WithSummary("Registered models, paged")
            .WithPaging()
            .Produces<PageResponse<ModelResponse>>().ProducesValidationProblem();

        v1.MapGet("/models/{id}", Get).RequireApiKey().WithName("GetModel")
            .WithSummary("One model and its signature").Produces<ModelResponse>().ProducesProblem(StatusCodes.Status404NotFound);

        v1.MapGet("/models/{id}/content", Content).RequireApiKey().WithName("GetModelContent")
            .WithSummary("The model bytes. Supports Range (206 with Content-Range; 416 past the end) and ETag (the SHA-256).")
            .WithStreamResponse("application/octet-stream", "The model bytes (206: the requested range)", StatusCodes.Status200OK, StatusCodes.Status206PartialContent)
            .Produces(StatusCodes.Status416RangeNotSatisfiable).ProducesProblem(StatusCodes.Status404NotFound);
        return v1;
    }

    private static async Task<IResult> Upload(HttpContext http, ModelService models, IOptions<GatewayOptions> options)
    {
        var request = http.Request;
        var errors = new ValidationErrors();
        var name = QueryReader.Text(request, errors, "name");
        var license = QueryReader.Text(request, errors, "license");
        var limits = options.Value;
        FieldRules.Text(errors, "name", name, limits.MaxStringLength, required: true);
        FieldRules.Text(errors, "license", license, limits.MaxStringLength, required: false);
        errors.ThrowIfAny();
        if (!string.Equals(request.ContentType?.Split(';')[0].Trim(), "application/octet-stream", StringComparison.OrdinalIgnoreCase))
        {
            throw new GatewayRequestException(
                FailureKind.UnsupportedMediaType, "Unsupported media type", "Send the model bytes as application/octet-stream.");
        }

        var content = await ReadBody(request, limits.MaxModelBytes, http.RequestAborted);
        var (model, created) = await models.RegisterAsync(Caller.From(http.User), name, license, content);
        var response = ModelResponse.From(model);
        return created ? TypedResults.Created($"/v1/models/{model.ModelId}", response) : TypedResults.Ok(response);
    }

    private static async Task<IResult> List(HttpContext http, ModelService models, IOptions<GatewayOptions> options)
    {
        var errors = new ValidationErrors();
        var (page, size) = QueryReader.Paging(http.Request, errors, options.Value.MaxPageSize);
        errors.ThrowIfAny();
        var (items, total) = await models.ListAsync(page, size);
        return TypedResults.Ok(new PageResponse<ModelResponse>(items.Select(ModelResponse.From).ToArray(), total, page, size));
    }

    private static async Task<IResult> Get(string id, ModelService models) =>
        TypedResults.Ok(ModelResponse.From(await models.GetAsync(id)));

    private static async Task<IResult> Content(HttpContext http, string id, ModelService models, IGrainFactory grains)
    {
        var model = await models.GetAsync(id);
        var caller = Caller.From(http.User);
        if (caller.IsMinerOnly && !await grains.GetGrain<IClusterAccessGrain>(0).MinerMayReadModel(caller.MinerId!, model.ModelId))
        {
            // A miner downloads only the models of jobs assigned to its GPUs, as through the cluster.
            throw GatewayRequestException.NotFound($"Miner {caller.MinerId} has no job that runs model {model.ModelId}.");
        }

        return TypedResults.Stream(
            new ModelContentStream(grains, model), "application/octet-stream", fileDownloadName: null, lastModified: model.UploadedAt,
            entityTag: new EntityTagHeaderValue($"\"{model.Sha256}\""), enableRangeProcessing: true);
    }

    /// <summary>Reads the whole body, refusing (413) as soon as it passes the limit.</summary>
    private static async Task<byte[]> ReadBody(HttpRequest request, long limit, CancellationToken cancellationToken)
    {
        if (request.ContentLength is { } declared && declared > limit)
        {
            throw JsonRequestReader.TooLarge(limit);
        }

        using var buffer = new MemoryStream(request.ContentLength is { } known ? (int)Math.Min(known, int.MaxValue) : 64 * 1024);
        var chunk = new byte[81920];
        try
        {
            int read;
            while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
            {
                if (buffer.Length + read > limit)
                {
                    throw JsonRequestReader.TooLarge(limit);
                }

                buffer.Write(chunk, 0, read);
            }
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            throw JsonRequestReader.TooLarge(limit);
        }

        return buffer.ToArray();
    }
}
