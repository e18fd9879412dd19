namespace Aitbc.Orleans.Fhe.Serialization;

/// <summary>What a serialized blob holds (byte 6 of the header).</summary>
public enum FheBlobKind : byte
{
    SecretKey = 1,
    PublicKey = 2,
    EvaluationKeys = 3,
    Ciphertext = 4,
    EncryptedPlan = 5,
}
