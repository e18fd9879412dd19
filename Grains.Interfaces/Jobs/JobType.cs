namespace Aitbc.Orleans.Jobs;

[GenerateSerializer, Alias("aitbc.JobType")]
public enum JobType
{
    Inference = 0,
    Training = 1,

    /// <summary>
    /// Homomorphically encrypted inference (CKKS): the inputs are a ciphertext and the submitter's public evaluation
    /// keys, the result a ciphertext only the submitter can decrypt (<see cref="PrivateJob"/>). Evaluated on the miner's
    /// CPU from the plan the cluster compiled; priced from its own base (far slower than plaintext inference); never
    /// re-executed for verification (the cluster cannot compare ciphertexts, see docs/FHE.md).
    /// </summary>
    PrivateInference = 2,
}
