using System.Globalization;
using Aitbc.Orleans.Gateway.Contracts;
using Aitbc.Orleans.Gateway.Jobs;
using Aitbc.Orleans.Gateway.Tensors;
using Aitbc.Orleans.Gateway.Validation;
using Aitbc.Orleans.Jobs;
using Aitbc.Orleans.Pricing;
using Aitbc.Orleans.Tensors;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using V1 = Aitbc.Orleans.Gateway.Rpc.V1;

namespace Aitbc.Orleans.Gateway.Rpc;

/// <summary>Protobuf messages to and from the shared request and domain types.</summary>
public static class RpcMapping
{
    public static QuoteRequestBody ToBody(V1.QuoteRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return new QuoteRequestBody
        {
            ModelId = Blank(request.ModelId),
            JobType = Blank(request.JobType),
            LatencyClass = Blank(request.LatencyClass),
            Client = Location(request.Client),
            Complexity = request.HasComplexity ? request.Complexity : null,
        };
    }

    public static JobDraft ToDraft(V1.SubmitRequest request, ValidationErrors errors)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(errors);
        decimal? maxPrice = null;
        if (request.PaymentCase == V1.SubmitRequest.PaymentOneofCase.MaxPrice)
        {
            if (decimal.TryParse(request.MaxPrice, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var parsed))
            {
                maxPrice = parsed;
            }
            else
            {
                errors.Add("maxPrice", "must be a decimal number such as \"0.05\"");
            }
        }

        return new JobDraft(
            Blank(request.ModelId), Blank(request.JobType), Blank(request.LatencyClass), Location(request.Client),
            request.PaymentCase == V1.SubmitRequest.PaymentOneofCase.QuoteId ? request.QuoteId : null, maxPrice,
            Blank(request.IdempotencyKey), request.RequireAttestation, request.PreferCloud, request.HasComplexity ? request.Complexity : null,
            Blank(request.BookingId));
    }

    /// <summary>Raw tensors; their shape, size and contents are checked by the job service like JSON ones.</summary>
    public static Dictionary<string, TensorData>? ToInputs(V1.SubmitRequest request, ValidationErrors errors)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(errors);
        if (request.Inputs.Count == 0)
        {
            return null;
        }

        var inputs = new Dictionary<string, TensorData>(StringComparer.Ordinal);
        foreach (var (name, tensor) in request.Inputs)
        {
            if (!TensorTypeNames.TryParse(tensor.Type, out var type))
            {
                errors.Add($"inputs.{name}.type", $"'{FieldRules.Truncate(tensor.Type)}' is not one of: {TensorTypeNames.Supported}");
                continue;
            }

            inputs[name] = new TensorData(type, [.. tensor.Shape], tensor.Data.ToByteArray());
        }

        return inputs;
    }

    public static V1.QuoteReply ToReply(Quote quote)
    {
        ArgumentNullException.ThrowIfNull(quote);
        var m = quote.Breakdown.Multipliers;
        return new V1.QuoteReply
        {
            QuoteId = quote.QuoteId,
            Price = Text(quote.Price),
            BasePrice = Text(quote.Breakdown.BasePrice),
            Currency = quote.Currency,
            Region = quote.Region,
            ExpiresAt = Timestamp.FromDateTimeOffset(quote.ExpiresAt),
            Multipliers = new V1.PriceMultipliers
            {
                LatencyClass = Text(m.LatencyClass),
                Capability = Text(m.Capability),
                LatencyPerformance = Text(m.LatencyPerformance),
                QueueDemand = Text(m.QueueDemand),
                Utilisation = Text(m.Utilisation),
                TimeOfDay = Text(m.TimeOfDay),
                Complexity = Text(m.Complexity),
            },
        };
    }

    public static V1.Job ToJob(JobView view, string currency)
    {
        ArgumentNullException.ThrowIfNull(view);
        var job = new V1.Job
        {
            JobId = view.JobId,
            Status = view.Status.ToString().ToLowerInvariant(),
            ModelId = view.ModelId,
            LatencyClass = view.LatencyClass.ToString().ToLowerInvariant(),
            GpuId = view.GpuId ?? "",
            Region = view.Region ?? "",
            Pool = view.Pool?.ToString().ToLowerInvariant() ?? "",
            FellBackToCloud = view.FellBackToCloud,
            PriceHeld = Text(view.PriceHeld),
            PriceCharged = view.PriceCharged is { } charged ? Text(charged) : "",
            Currency = currency,
            Error = view.Error ?? "",
            Timings = new V1.Timings
            {
                QueueMs = view.Timings.QueueMs,
                EstimatedRttMs = view.Timings.EstimatedRttMs,
                ModelLoadMs = view.Timings.ModelLoadMs,
                InferenceMs = view.Timings.InferenceMs,
                TotalMs = view.Timings.TotalMs,
            },
            CreatedAt = Timestamp.FromDateTimeOffset(view.CreatedAt),
            FinishedAt = view.FinishedAt is { } finished ? Timestamp.FromDateTimeOffset(finished) : null,
            Version = view.Version,
            ExecutionProvider = view.ExecutionProvider ?? "",
            QuoteId = view.QuoteId ?? "",
            Verification = VerificationText.Of(view) ?? "",
            SettlementPending = view.SettlementPending,
        };
        foreach (var (name, tensor) in view.Outputs ?? new Dictionary<string, TensorData>())
        {
            var output = new V1.Tensor { Type = TensorTypeNames.Of(tensor.ElementType), Data = ByteString.CopyFrom(tensor.Data) };
            output.Shape.AddRange(tensor.Shape);
            job.Outputs[name] = output;
        }

        return job;
    }

    private static LocationBody? Location(V1.Location? location) =>
        location is null ? null : new LocationBody(location.Lat, location.Lon);

    public static string? Blank(string value) => value.Length == 0 ? null : value;

    public static string Text(decimal value) => value.ToString(CultureInfo.InvariantCulture);
}
