using Spuff.Core;
using Spuff.Providers.Http;
using Spuff.Providers.Paging;
using Xunit;

namespace Spuff.Core.Tests.Plumbing;

public class PlumbingTests
{
    [Fact]
    public async Task Paginator_CursorRepeats_ThrowsInsteadOfLooping()
    {
        var error = await Assert.ThrowsAsync<ProviderException>(async () =>
        {
            await foreach (var unused in Paginator.StreamAsync<int, int>((cursor, ct) => Task.FromResult(1), p => new[] { p }, p => "same"))
            {
            }
        });
        Assert.Contains("twice", error.Message);
    }

    [Fact]
    public async Task Paginator_StreamsPageByPage_FetchesOnlyWhatIsConsumed()
    {
        var fetched = 0;
        var stream = Paginator.StreamAsync<int, int>(
            (cursor, ct) => Task.FromResult(++fetched),
            page => new[] { page * 10, page * 10 + 1 },
            page => page < 100 ? "p" + (page + 1) : null);

        await foreach (var item in stream)
        {
            if (item == 11)
            {
                break;
            }
        }

        Assert.Equal(1, fetched);
    }

    [Fact]
    public void RateLimitTracker_HealthyBudget_LeavesThePauseAlone()
    {
        var tracker = new RateLimitTracker();
        var now = DateTimeOffset.UtcNow;
        tracker.Update(3600, 3000, now.AddMinutes(10));
        Assert.Equal(TimeSpan.FromSeconds(2), tracker.Pace(TimeSpan.FromSeconds(2), now));
    }

    [Fact]
    public void RateLimitTracker_LowBudget_SpreadsTheRestUntilTheReset()
    {
        var tracker = new RateLimitTracker();
        var now = DateTimeOffset.UtcNow;
        tracker.Update(3600, 100, now.AddSeconds(1000));
        Assert.Equal(TimeSpan.FromSeconds(10), tracker.Pace(TimeSpan.FromSeconds(2), now));
        tracker.Update(3600, 0, now.AddHours(2));
        Assert.Equal(TimeSpan.FromMinutes(5), tracker.Pace(TimeSpan.FromSeconds(2), now));
    }

    [Fact]
    public void RateLimitTracker_Unknown_LeavesThePauseAlone()
    {
        Assert.Equal(TimeSpan.FromSeconds(1), new RateLimitTracker().Pace(TimeSpan.FromSeconds(1), DateTimeOffset.UtcNow));
    }
}
