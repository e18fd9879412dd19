using Aitbc.Orleans.Sdk.Contracts;

namespace Aitbc.Orleans.Sdk.Http;

/// <summary>Every operation the client calls, in one place (<see cref="ApiRoute"/>).</summary>
public static class ApiRoutes
{
    public static readonly ApiRoute CreateQuote = new("POST", "/v1/quotes", [], typeof(QuoteRequest), typeof(Quote));
    public static readonly ApiRoute SubmitJob = new("POST", "/v1/jobs", [], typeof(JobRequest), typeof(Job));
    public static readonly ApiRoute ListJobs = new("GET", "/v1/jobs", ["limit"], null, typeof(IReadOnlyList<Job>));
    public static readonly ApiRoute GetJob = new("GET", "/v1/jobs/{id}", [], null, typeof(Job));
    public static readonly ApiRoute CancelJob = new("DELETE", "/v1/jobs/{id}", [], null, typeof(Job));

    /// <summary>Server-Sent Events; each 'status' event's data is a <see cref="Job"/>.</summary>
    public static readonly ApiRoute JobEvents = new("GET", "/v1/jobs/{id}/events", [], null, null);

    /// <summary>The body is the model's bytes (application/octet-stream).</summary>
    public static readonly ApiRoute UploadModel = new("POST", "/v1/models", ["name", "license"], null, typeof(Model));
    public static readonly ApiRoute ListModels = new("GET", "/v1/models", ["page", "pageSize"], null, typeof(Paged<Model>));
    public static readonly ApiRoute GetModel = new("GET", "/v1/models/{id}", [], null, typeof(Model));
    public static readonly ApiRoute GetPrivatePlan = new("GET", "/v1/models/{id}/private-plan", [], null, typeof(PrivatePlan));
    public static readonly ApiRoute SubmitPrivateJob = new("POST", "/v1/private/jobs", [], typeof(PrivateJobRequest), typeof(Job));

    public static readonly ApiRoute CreateBooking = new("POST", "/v1/bookings", [], typeof(BookingRequest), typeof(Booking));
    public static readonly ApiRoute ListBookings = new("GET", "/v1/bookings", ["limit"], null, typeof(IReadOnlyList<Booking>));
    public static readonly ApiRoute GetBooking = new("GET", "/v1/bookings/{id}", [], null, typeof(Booking));
    public static readonly ApiRoute CancelBooking = new("DELETE", "/v1/bookings/{id}", [], null, typeof(Booking));

    public static IReadOnlyList<ApiRoute> All { get; } =
    [
        CreateQuote, SubmitJob, ListJobs, GetJob, CancelJob, JobEvents, UploadModel, ListModels, GetModel, GetPrivatePlan, SubmitPrivateJob,
        CreateBooking, ListBookings, GetBooking, CancelBooking,
    ];
}
