using Aitbc.Orleans.Fhe.Ckks;
using Aitbc.Orleans.Fhe.Inference;
using Aitbc.Orleans.Gateway.Contracts;
using Aitbc.Orleans.Gateway.Hosting;
using Aitbc.Orleans.Gateway.Jobs;
using Aitbc.Orleans.Gateway.Security;
using Aitbc.Orleans.Gateway.Validation;
using Aitbc.Orleans.Jobs;
using Aitbc.Orleans.Pricing;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;

namespace Aitbc.Orleans.Gateway.Http;

/// <summary>
/// Private inference: a model's encrypted-evaluation plan (what a client needs to encrypt for it) and the submission
/// of a job on a ciphertext. The job is then read, watched and cancelled at /v1/jobs like any other; its result is
/// <c>encryptedOutput</c>. The gateway never sees a plaintext input or output, nor a secret key.
/// </summary>
public static class PrivateJobEndpoints
{
    public static RouteGroupBuilder MapPrivateJobEndpoints(this RouteGroupBuilder v1)
    {
        v1.MapGet("/models/{id}/private-plan", GetPlan).RequireApiKey().WithName("GetPrivatePlan")
            .WithSummary("How to encrypt for a model: its private-inference plan's parameters, layout and keys (no weights)")
            .WithDescription("The model is compiled into a CKKS evaluation plan (linear and logistic regression, MLPs with a square activation). " +
                             "A model that cannot run privately is answered 422 with the reason.")
            .Produces<PrivatePlanResponse>().ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

        v1.MapPost("/private/jobs", Submit).RequireSubmitter().WithName("SubmitPrivateJob")
            .WithMetadata(new PrivateJobMetadata(), new SubmissionAdmissionMetadata())
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable)
            .WithSummary("Submit a private inference job: an encrypted input and public evaluation keys")
            .WithDescription("Like POST /v1/jobs, with ciphertext and evaluationKeys (base64) instead of inputs; the result is encryptedOutput. " +
                             "Priced as jobType privateInference. The body may be up to the gateway's MaxPrivateJobBytes (64 MiB by default). " +
                             "A secret key, an insecure parameter set, keys of another key set, or keys the plan lacks are refused.")
            .Accepts<PrivateJobRequestBody>("application/json")
            .WithQueryParameter("wait", JsonSchemaType.Integer, "Seconds to wait for the job to end (0 to the gateway's MaxWaitSeconds, default 0)")
            .Produces<JobResponse>().Produces<JobResponse>(StatusCodes.Status202Accepted).ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status402PaymentRequired)
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        return v1;
    }

    private static async Task<IResult> GetPlan(string id, JobService jobs)
    {
        var info = await jobs.RequirePrivatePlan(id);
        var plan = EncryptedPlan.Parse(info.Plan);
        var r = plan.Requirements;
        return TypedResults.Ok(new PrivatePlanResponse(
            info.ModelId, r.ParameterSet.ToString(), CkksParameters.FromId(r.ParameterSet).PolyDegree, info.InputName!, info.InputShape!,
            r.InputLength, info.OutputName!, info.OutputShape!, r.OutputLength, r.SlotPeriod, r.Level, r.NeedsRelinearization,
            r.RotationSteps, r.InputBound, r.OutputActivation.ToString().ToLowerInvariant()));
    }

    private static async Task<IResult> Submit(HttpContext http, JobService jobs, IOptions<GatewayOptions> options, IOptions<PricingOptions> pricing)
    {
        var errors = new ValidationErrors();
        var wait = QueryReader.Int(http.Request, errors, "wait", 0, options.Value.MaxWaitSeconds) ?? 0;
        var body = await JsonRequestReader.ReadAsync<PrivateJobRequestBody>(http.Request, http.RequestAborted);
        if (body.Ciphertext is null)
        {
            errors.Add("ciphertext", "is required: the encrypted input, base64");
        }

        if (body.EvaluationKeys is null)
        {
            errors.Add("evaluationKeys", "is required: the public evaluation keys, base64");
        }

        var inputs = body.Ciphertext is { } ciphertext && body.EvaluationKeys is { } keys ? PrivateJob.Inputs(ciphertext, keys) : null;
        var draft = JobDraft.From(body, nameof(JobType.PrivateInference));
        return await JobEndpoints.SubmitAndAnswer(http, jobs, draft, inputs, errors, wait, pricing.Value.Currency);
    }
}
