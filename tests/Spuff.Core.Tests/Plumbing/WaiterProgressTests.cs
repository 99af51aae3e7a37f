using System;
using System.Collections.Generic;
using System.Threading.Tasks;
using Spuff.Core;
using Spuff.Providers.Waiting;
using Xunit;

namespace Spuff.Core.Tests.Plumbing;

/// <summary>What a wait reports as progress: the provider's percentage or none, never the share of the timeout.</summary>
public class WaiterProgressTests
{
    private sealed class Collect : IProgress<OperationProgress>
    {
        public List<OperationProgress> Items { get; } = new();

        public void Report(OperationProgress value) => Items.Add(value);
    }

    private static WaitOptions Options() =>
        new WaitOptions("test wait", TimeSpan.FromMinutes(10), TimeSpan.FromMilliseconds(1)) { InitialInterval = TimeSpan.FromMilliseconds(1), TargetId = "42" };

    [Fact]
    public async Task WaitAsync_ProbeWithoutPercent_ReportsNoPercentUntilDone()
    {
        var round = 0;
        var progress = new Collect();
        await Waiter.WaitAsync(_ => Task.FromResult(++round), r => r < 3 ? WaitDecision.Continue("new") : WaitDecision.Done("active"), Options(), progress);

        Assert.Equal(new int?[] { -1, -1, 100 }, progress.Items.ConvertAll(p => p.PercentComplete));
        Assert.Equal("42", progress.Items[0].TargetId);
    }

    [Fact]
    public async Task WaitAsync_ProbeWithPercent_ReportsItClampedBelowDone()
    {
        var percents = new Queue<int>(new[] { 10, 60, 150 });
        var progress = new Collect();
        await Waiter.WaitAsync(
            _ => Task.FromResult(percents.Count > 0 ? percents.Dequeue() : -1),
            p => p >= 0 ? WaitDecision.Continue("running", p) : WaitDecision.Done("success"),
            Options(),
            progress);

        Assert.Equal(new int?[] { 10, 60, 99, 100 }, progress.Items.ConvertAll(p => p.PercentComplete));
    }
}
