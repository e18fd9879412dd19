using Aitbc.Orleans.Fhe.Ckks;

namespace Aitbc.Orleans.Fhe.Tests.Ckks;

public sealed class ParameterTests
{
    [Fact]
    public void The_standard_set_meets_the_128_bit_bound_of_the_HE_standard_for_N_8192()
    {
        var p = CkksParameters.Standard128;
        Assert.Equal(8192, p.PolyDegree);
        Assert.True(p.IsSecure);
        // HomomorphicEncryption.org Security Standard (2018), ternary secret, 128-bit classical: log2(Q·P) ≤ 218 at N = 8192.
        Assert.True(p.LogTotalModulus <= 218, $"log2(QP) = {p.LogTotalModulus}");
        Assert.True(p.CiphertextPrimes.Append(p.SpecialPrime).Sum(q => 64 - System.Numerics.BitOperations.LeadingZeroCount(q)) <= 218);
        Assert.Equal(3, p.MaxLevel);
        Assert.All(p.CiphertextPrimes.Skip(1), q => Assert.True(q <= p.SpecialPrime));
    }

    [Fact]
    public void The_test_set_says_it_is_not_secure()
    {
        Assert.False(CkksParameters.InsecureTest.IsSecure);
        Assert.Contains("INSECURE", CkksParameters.InsecureTest.Name, StringComparison.Ordinal);
    }

    [Fact]
    public void Parameter_sets_are_found_by_their_wire_id()
    {
        Assert.Same(CkksParameters.Standard128, CkksParameters.FromId(CkksParameterSetId.Standard128N8192));
        Assert.Null(CkksParameters.TryFromId(0));
        Assert.Null(CkksParameters.TryFromId(200));
        Assert.Same(CkksContext.For(CkksParameters.InsecureTest), CkksContext.For(CkksParameterSetId.InsecureTestN1024));
    }

    [Fact]
    public void Rotation_galois_elements_are_powers_of_five()
    {
        Assert.Equal(5UL, GaloisElements.ForRotation(1, 8192));
        Assert.Equal(25UL, GaloisElements.ForRotation(2, 8192));
        Assert.Equal(1UL, GaloisElements.ForRotation(4096, 8192));
        Assert.Equal(GaloisElements.ForRotation(4095, 8192), GaloisElements.ForRotation(-1, 8192));
        Assert.Equal(16383UL, GaloisElements.ForConjugation(8192));
        Assert.False(GaloisElements.IsValid(1, 8192));
        Assert.False(GaloisElements.IsValid(4, 8192));
        Assert.False(GaloisElements.IsValid(16385, 8192));
    }
}
