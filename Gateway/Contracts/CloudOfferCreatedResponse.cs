using Aitbc.Orleans.Fleet;

namespace Aitbc.Orleans.Gateway.Contracts;

/// <summary>The registered offer and the cloud miner's enrolment (its credential is shown only here, once).</summary>
public sealed record CloudOfferCreatedResponse(CloudOffer Offer, MinerEnrollmentResponse Enrollment);
