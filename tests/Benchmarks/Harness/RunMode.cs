namespace Aitbc.Orleans.Benchmarks.Harness;

public enum RunMode
{
    Help = 0,
    List = 1,
    Smoke = 2,
    Full = 3,
    Scenario = 4,
}
