namespace Aitbc.Orleans.Fhe.Inference;

/// <summary>
/// A final non-polynomial function the client applies to the decrypted outputs (CKKS evaluates only additions and
/// multiplications, so logistic regression's sigmoid runs after decryption, on the client's machine).
/// </summary>
public enum ClientActivation : byte
{
    Identity = 0,
    Sigmoid = 1,
    Softmax = 2,
}
