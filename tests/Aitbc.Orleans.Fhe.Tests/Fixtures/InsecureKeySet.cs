using Aitbc.Orleans.Fhe.Ckks;

namespace Aitbc.Orleans.Fhe.Tests.Fixtures;

/// <summary>Keys for the small, insecure N = 1024 test parameters: most property tests run here.</summary>
public sealed class InsecureKeySet() : KeySetFixture(CkksParameters.InsecureTest);
