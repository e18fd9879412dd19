using Aitbc.Orleans.Gateway.Contracts;
using Aitbc.Orleans.Gateway.Hosting;
using Aitbc.Orleans.Gateway.Models;
using Aitbc.Orleans.Gateway.Security;
using Aitbc.Orleans.Gateway.Validation;
using Aitbc.Orleans.Fleet.Profiles;
using Aitbc.Orleans.Models;
using Aitbc.Orleans.Models.Variants;
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
            .WithSummary("Register an ONNX model (body: the model bytes, application/octet-stream; query: name and license terms)")
            .WithDescription("The id is content-addressed (m- and 16 hex digits of the SHA-256): the same bytes are stored once, " +
                             "and a second upload answers 200 with the existing model (409 when it is another account's private model). " +
                             "The signature is read from the model. The fp16 and int8 variants are built in the cluster after this answers " +
                             "(GET /v1/models/{id}/variants). A model is private to its owner unless published=true.")
            .WithBinaryBody()
            .WithQueryParameter("name", JsonSchemaType.String, "Display name", required: true)
            .WithQueryParameter("license", JsonSchemaType.String, "SPDX license id, e.g. MIT")
            .WithQueryParameter("licenseTerms", JsonSchemaType.String, "Custom license terms (instead of or besides an SPDX id)")
            .WithQueryParameter("commercialUse", JsonSchemaType.Boolean, "Whether jobs may use the model commercially (default true)")
            .WithQueryParameter("allowedUses", JsonSchemaType.String, "Comma-separated uses the license allows (default any): commercial, research, personal, evaluation")
            .WithQueryParameter("attribution", JsonSchemaType.String, "The attribution the owner asks for")
            .WithQueryParameter("royalty", JsonSchemaType.Number, "Royalty per inference paid to the owner at settlement (default 0)")
            .WithQueryParameter("published", JsonSchemaType.Boolean, "Visible to every tenant (default false: private to the owner)")
            .Produces<ModelResponse>(StatusCodes.Status201Created).Produces<ModelResponse>().ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge).ProducesProblem(StatusCodes.Status415UnsupportedMediaType);

        v1.MapGet("/models", List).RequireApiKey().WithName("ListModels")
            .WithSummary("The models the caller may see (published, or its own), paged")
            .WithPaging()
            .Produces<PageResponse<ModelResponse>>().ProducesValidationProblem();

        v1.MapGet("/models/{id}", Get).RequireApiKey().WithName("GetModel")
            .WithSummary("One model and its signature").Produces<ModelResponse>().ProducesProblem(StatusCodes.Status404NotFound);

        v1.MapGet("/models/{id}/content", Content).RequireApiKey().WithName("GetModelContent")
            .WithSummary("The model bytes. Supports Range (206 with Content-Range; 416 past the end) and ETag (the SHA-256).")
            .WithStreamResponse("application/octet-stream", "The model bytes (206: the requested range)", StatusCodes.Status200OK, StatusCodes.Status206PartialContent)
            .Produces(StatusCodes.Status416RangeNotSatisfiable).ProducesProblem(StatusCodes.Status404NotFound);

        v1.MapGet("/models/{id}/variants", Variants).RequireApiKey().WithName("ListModelVariants")
            .WithSummary("The model's variants: precision, size, SHA-256, measured error against fp32, and whether each is deployable")
            .WithDescription("fp32 is the uploaded model. fp16 and int8 are built in the cluster after the upload (buildStatus pending until then); " +
                             "a variant that missed its tolerance is listed with the reason and never deployed.")
            .Produces<ModelVariantsResponse>().ProducesProblem(StatusCodes.Status404NotFound);

        v1.MapGet("/models/{id}/variants/{precision}/content", VariantContent).RequireApiKey().WithName("GetModelVariantContent")
            .WithSummary("A deployable variant's bytes (precision fp32, fp16 or int8). Supports Range (206; 416 past the end) and ETag (its SHA-256).")
            .WithStreamResponse("application/octet-stream", "The variant's bytes (206: the requested range)", StatusCodes.Status200OK, StatusCodes.Status206PartialContent)
            .Produces(StatusCodes.Status416RangeNotSatisfiable).ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        return v1;
    }

    private static async Task<IResult> Upload(HttpContext http, ModelService models, IOptions<GatewayOptions> options)
    {
        var request = http.Request;
        var errors = new ValidationErrors();
        var name = QueryReader.Text(request, errors, "name");
        var limits = options.Value;
        FieldRules.Text(errors, "name", name, limits.MaxStringLength, required: true);
        var (license, published) = ModelLicenseQuery.Read(request, errors, limits.MaxStringLength, limits.MaxPrice);
        errors.ThrowIfAny();
        if (!string.Equals(request.ContentType?.Split(';')[0].Trim(), "application/octet-stream", StringComparison.OrdinalIgnoreCase))
        {
            throw new GatewayRequestException(
                FailureKind.UnsupportedMediaType, "Unsupported media type", "Send the model bytes as application/octet-stream.");
        }

        var content = await ReadBody(request, limits.MaxModelBytes, http.RequestAborted);
        var (model, created) = await models.RegisterAsync(Caller.From(http.User), name, license, published, content);
        var response = ModelResponse.From(model);
        return created ? TypedResults.Created($"/v1/models/{model.ModelId}", response) : TypedResults.Ok(response);
    }

    private static async Task<IResult> List(HttpContext http, ModelService models, IOptions<GatewayOptions> options)
    {
        var errors = new ValidationErrors();
        var (page, size) = QueryReader.Paging(http.Request, errors, options.Value.MaxPageSize);
        errors.ThrowIfAny();
        var (items, total) = await models.ListAsync(Caller.From(http.User), page, size);
        return TypedResults.Ok(new PageResponse<ModelResponse>(items.Select(ModelResponse.From).ToArray(), total, page, size));
    }

    private static async Task<IResult> Get(HttpContext http, string id, ModelService models) =>
        TypedResults.Ok(ModelResponse.From(await models.GetAsync(Caller.From(http.User), id)));

    private static async Task<IResult> Content(HttpContext http, string id, ModelService models, IGrainFactory grains)
    {
        var model = await ReadableModel(http, id, models, grains);
        return Download(new ModelContentStream(grains, model), model.Sha256, model.UploadedAt);
    }

    private static async Task<IResult> Variants(HttpContext http, string id, ModelService models, IGrainFactory grains)
    {
        var model = await models.GetAsync(Caller.From(http.User), id);
        var variants = await grains.Grain<IModelVariantsGrain>(model.ModelId).Get();
        return TypedResults.Ok(ModelVariantsResponse.From(model, variants));
    }

    private static async Task<IResult> VariantContent(HttpContext http, string id, string precision, ModelService models, IGrainFactory grains)
    {
        if (!FieldRules.TryParseName(precision, out Precision parsed))
        {
            throw GatewayRequestException.Invalid("precision", $"'{FieldRules.Truncate(precision)}' is not one of: {FieldRules.NamesOf<Precision>()}");
        }

        var model = await ReadableModel(http, id, models, grains);
        if (parsed == Precision.Fp32)
        {
            return Download(new ModelContentStream(grains, model), model.Sha256, model.UploadedAt);
        }

        var variant = (await grains.Grain<IModelVariantsGrain>(model.ModelId).Get()).Deployable(parsed)
            ?? throw GatewayRequestException.NotFound($"Model {model.ModelId} has no deployable {precision.ToLowerInvariant()} variant.");
        var sha = variant.Report.Sha256!;
        return Download(
            new ModelContentStream(grains, sha, variant.Report.SizeBytes, ModelStore.ChunkSize, $"the {parsed} variant of model {model.ModelId}"),
            sha, model.UploadedAt);
    }

    /// <summary>The model, if the caller may download it: a tenant a model it sees, a miner only one a job or deployment on its GPUs runs.</summary>
    private static async Task<ModelInfo> ReadableModel(HttpContext http, string id, ModelService models, IGrainFactory grains)
    {
        var caller = Caller.From(http.User);
        var model = await models.GetAsync(caller, id);
        if (caller.IsMinerOnly && !await grains.Grain<IClusterAccessGrain>(0).MinerMayReadModel(caller.MinerId!, model.ModelId))
        {
            // A miner downloads only the models of jobs assigned to its GPUs, as through the cluster.
            throw GatewayRequestException.NotFound($"Miner {caller.MinerId} has no job that runs model {model.ModelId}.");
        }

        return model;
    }

    private static IResult Download(ModelContentStream content, string sha256, DateTimeOffset lastModified) =>
        TypedResults.Stream(
            content, "application/octet-stream", fileDownloadName: null, lastModified: lastModified,
            entityTag: new EntityTagHeaderValue($"\"{sha256}\""), enableRangeProcessing: true);

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
