namespace Aitbc.Orleans.Sdk.Http;

/// <summary>One dispatched Server-Sent Event: its type ("message" unless named), data lines joined by \n, and last id.</summary>
public sealed record ServerSentEvent(string Event, string Data, string? Id);
