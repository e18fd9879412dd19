using Aitbc.Orleans.Fhe.Ckks;

namespace Aitbc.Orleans.Fhe.Inference;

/// <summary>
/// The submitter's side of private inference: holds the secret key (it never leaves this object except through
/// <see cref="SecretKey.ToBytes"/>, which the caller stores), makes the evaluation keys a plan needs, encrypts inputs in
/// the plan's layout and decrypts results, applying the client-side activation.
/// </summary>
public sealed class PrivateInferenceClient : IDisposable
{
    private readonly CkksContext _context;

    public PrivateInferenceClient(SecretKey secretKey, PublicKey publicKey)
    {
        ArgumentNullException.ThrowIfNull(secretKey);
        ArgumentNullException.ThrowIfNull(publicKey);
        if (secretKey.KeyId != publicKey.KeyId || secretKey.ParameterSet != publicKey.ParameterSet)
        {
            throw new FheKeyException("the secret key and the public key are not from the same key set");
        }

        SecretKey = secretKey;
        PublicKey = publicKey;
        _context = CkksContext.For(secretKey.ParameterSet);
    }

    public SecretKey SecretKey { get; }

    public PublicKey PublicKey { get; }

    public FheKeyId KeyId => SecretKey.KeyId;

    /// <summary>A fresh key set (secret and public key) for a parameter set.</summary>
    public static PrivateInferenceClient Create(CkksParameters parameters)
    {
        var generator = new KeyGenerator(CkksContext.For(parameters));
        var secret = generator.CreateSecretKey();
        return new PrivateInferenceClient(secret, generator.CreatePublicKey(secret));
    }

    /// <summary>Exactly the evaluation keys the plan needs: relinearization if it squares, its rotations, at its level.</summary>
    public EvaluationKeys CreateEvaluationKeys(PlanRequirements requirements)
    {
        CheckRequirements(requirements);
        return new KeyGenerator(_context).CreateEvaluationKeys(SecretKey, requirements.Level, requirements.NeedsRelinearization, requirements.RotationSteps);
    }

    /// <summary>Encrypts an input vector: checked against the plan's length and bound, replicated across the slots, at the plan's level.</summary>
    public Ciphertext EncryptInput(PlanRequirements requirements, ReadOnlySpan<double> input)
    {
        CheckRequirements(requirements);
        if (input.Length != requirements.InputLength)
        {
            throw new ArgumentException($"the model takes {requirements.InputLength} inputs, got {input.Length}", nameof(input));
        }

        for (var i = 0; i < input.Length; i++)
        {
            if (!double.IsFinite(input[i]) || Math.Abs(input[i]) > requirements.InputBound)
            {
                throw new ArgumentException(
                    $"input {i} is {input[i]}, outside the ±{requirements.InputBound} the encrypted plan is sized for (normalise the inputs)", nameof(input));
            }
        }

        var slots = DiagonalLayout.Replicate(input, requirements.SlotPeriod, _context.SlotCount);
        return new Encryptor(_context, PublicKey).Encrypt(slots, requirements.Level);
    }

    /// <summary>Decrypts a result and applies the plan's client-side activation.</summary>
    public double[] DecryptOutput(PlanRequirements requirements, Ciphertext output)
    {
        CheckRequirements(requirements);
        ArgumentNullException.ThrowIfNull(output);
        var slots = new Decryptor(_context, SecretKey).DecryptValues(output);
        return EncryptedPlan.ApplyActivation(requirements.OutputActivation, slots[..requirements.OutputLength]);
    }

    public void Dispose() => SecretKey.Dispose();

    private void CheckRequirements(PlanRequirements requirements)
    {
        ArgumentNullException.ThrowIfNull(requirements);
        ParameterSetCheck.Require(requirements.ParameterSet, _context.ParameterSetId, "the plan");

        if (requirements.SlotPeriod < 1 || requirements.SlotPeriod > _context.SlotCount || _context.SlotCount % requirements.SlotPeriod != 0
            || requirements.InputLength > requirements.SlotPeriod || requirements.OutputLength > requirements.SlotPeriod
            || requirements.Level < 0 || requirements.Level > _context.MaxLevel)
        {
            throw new ArgumentException("the plan requirements are inconsistent with the parameter set", nameof(requirements));
        }
    }
}
