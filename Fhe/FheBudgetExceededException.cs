namespace Aitbc.Orleans.Fhe;

/// <summary>
/// An evaluation would exceed what the ciphertext can still carry: no level left to rescale, or a scale (or a value
/// times its scale) that no longer fits under the remaining modulus. Decrypting past this point gives garbage, so the
/// operation is refused instead.
/// </summary>
public sealed class FheBudgetExceededException : FheException
{
    public FheBudgetExceededException()
    {
    }

    public FheBudgetExceededException(string message)
        : base(message)
    {
    }

    public FheBudgetExceededException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
