namespace Aitbc.Orleans.Fleet.Profiles;

/// <summary>Numeric precision a model is run at, most precise first.</summary>
public enum Precision
{
    Fp32 = 0,
    Fp16 = 1,
    Int8 = 2,
}
