using Aitbc.Orleans.Verification;
using Microsoft.Extensions.Options;

namespace Aitbc.Orleans.Tests.Verification;

/// <summary>
/// The stated bound (docs/ARCHITECTURE.md, "Verification"): at sampling rate p a miner cheating on a fraction f of its
/// jobs is caught within N = ⌈ln 0.01 / ln(1 − p·f)⌉ jobs with probability 99 %. Checked against the sampler itself
/// with a fixed seed: cheaters simulated job by job, the share caught within N is at least 99 % (less three standard
/// errors of the simulation), and within a third of N clearly less, so the bound is not loose by much.
/// </summary>
public sealed class DetectionBoundTests
{
    [Theory]
    [InlineData(0.05, 1.0, 1, 90)]
    [InlineData(0.05, 0.1, 1, 919)]
    [InlineData(0.25, 1.0, 1, 17)]
    [InlineData(0.05, 1.0, 2, 130)]
    public void The_bound_follows_from_the_sampling_rate_and_the_cheating_fraction(double p, double f, int catches, int expected)
    {
        Assert.Equal(expected, DetectionBound.JobsToCatch(p, f, 0.99, catches));
    }

    [Theory]
    [InlineData(0.05, 1.0, 1)]
    [InlineData(0.05, 0.1, 1)]
    [InlineData(0.05, 1.0, 2)]
    public void A_simulated_cheater_is_caught_within_the_bound_in_99_percent_of_runs(double p, double f, int catches)
    {
        const int Trials = 4000;
        var bound = DetectionBound.JobsToCatch(p, f, 0.99, catches);
        var sampler = new VerificationSampler(Options.Create(new VerificationOptions { Seed = 20_261_130 }));
        var cheats = new Random(7);
        var jobsToCatch = new int[Trials];
        for (var trial = 0; trial < Trials; trial++)
        {
            var caught = 0;
            var jobs = 0;
            while (caught < catches)
            {
                jobs++;
                var cheated = cheats.NextDouble() < f;
                if (sampler.Draw(p) && cheated)
                {
                    caught++;
                }
            }

            jobsToCatch[trial] = jobs;
        }

        var withinBound = jobsToCatch.Count(n => n <= bound) / (double)Trials;
        var withinThird = jobsToCatch.Count(n => n <= bound / 3) / (double)Trials;
        var standardError = Math.Sqrt(0.99 * 0.01 / Trials);
        Assert.True(withinBound >= 0.99 - (3 * standardError), $"{withinBound:P2} caught within {bound} jobs");
        Assert.True(withinThird < 0.9, $"{withinThird:P2} caught within {bound / 3} jobs: the bound is loose");
    }

    [Fact]
    public void The_sampler_draws_at_its_rate_and_an_unseeded_one_is_not_a_fixed_sequence()
    {
        var seeded = new VerificationSampler(Options.Create(new VerificationOptions { Seed = 1 }));
        var hits = Enumerable.Range(0, 20_000).Count(_ => seeded.Draw(0.05));
        Assert.InRange(hits, 850, 1150);

        var a = new VerificationSampler(Options.Create(new VerificationOptions()));
        var b = new VerificationSampler(Options.Create(new VerificationOptions()));
        Assert.NotEqual(
            Enumerable.Range(0, 256).Select(_ => a.Draw(0.5)).ToArray(),
            Enumerable.Range(0, 256).Select(_ => b.Draw(0.5)).ToArray());
        Assert.False(a.Draw(0));
        Assert.True(a.Draw(1));
    }

    [Theory]
    [InlineData(0.05)]
    [InlineData(0.25)]
    public async Task A_draw_between_two_known_rates_asks_for_the_rate_only_between_them_and_draws_the_same(double rate)
    {
        // Same seed: the draw that skips the question must decide exactly as the draw that knows the rate.
        var knowing = new VerificationSampler(Options.Create(new VerificationOptions { Seed = 3 }));
        var asking = new VerificationSampler(Options.Create(new VerificationOptions { Seed = 3 }));
        var asked = 0;
        for (var i = 0; i < 10_000; i++)
        {
            var expected = knowing.Draw(rate);
            var drawn = await asking.Draw(0.05, 0.25, () =>
            {
                asked++;
                return Task.FromResult(rate);
            });
            Assert.Equal(expected, drawn);
        }

        // Only draws in [0.05, 0.25) need the GPU's rate: about a fifth, where every draw asked before.
        Assert.InRange(asked, 1_800, 2_200);
    }
}
