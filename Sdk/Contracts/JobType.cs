namespace Aitbc.Orleans.Sdk.Contracts;

public enum JobType
{
    Inference,
    Training,

    /// <summary>Inference on a homomorphically encrypted input (POST /v1/private/jobs); the result is <see cref="Job.EncryptedOutput"/>.</summary>
    PrivateInference,
}
