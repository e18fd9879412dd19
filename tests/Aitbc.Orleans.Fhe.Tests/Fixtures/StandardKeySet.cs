using Aitbc.Orleans.Fhe.Ckks;

namespace Aitbc.Orleans.Fhe.Tests.Fixtures;

/// <summary>Keys for the production N = 8192 parameters: a few tests run at full size.</summary>
public sealed class StandardKeySet() : KeySetFixture(CkksParameters.Standard128);
