using Spuff.Providers.Http;
using Spuff.Providers.Paging;
using Xunit;

namespace Spuff.Core.Tests.Plumbing;

/// <summary>The page-numbered paginator against a list that changes while it is read (<see cref="PagedSource"/>).</summary>
public class PaginatorTests
{
    [Theory]
    [InlineData(60, 50, 1)]
    [InlineData(60, 50, 16)]
    [InlineData(1000, 50, 1)]
    [InlineData(1000, 50, 4)]
    [InlineData(1000, 50, 16)]
    public async Task Numbered_ConsumerDeletesWhatItGets_EmitsEveryItemExactlyOnce(int count, int perPage, int concurrency)
    {
        var source = new PagedSource(count, perPage);
        var emitted = new List<string>();

        await foreach (var id in Paginator.StreamAsync(source.Listing(), new PagingOptions { MaxInFlight = concurrency }))
        {
            emitted.Add(id);
            Assert.True(source.Delete(id), $"{id} was emitted after it was deleted");
        }

        Assert.Equal(count, emitted.Count);
        Assert.Equal(count, emitted.Distinct().Count());
        Assert.Empty(source.Items);
    }

    [Fact]
    public async Task Numbered_Unchanged_SpendsExactlyTheSequentialRequests()
    {
        var source = new PagedSource(1000, 50);

        var all = await Paginator.ToListAsync(Paginator.StreamAsync(source.Listing(), new PagingOptions { MaxInFlight = 16 }));

        Assert.Equal(source.Items, all);
        Assert.Equal(20, source.Requests);
        Assert.Equal(Enumerable.Range(1, 20), source.RequestedPages.Order());
    }

    [Fact]
    public async Task Numbered_SecondPageHasNoList_ThrowsAfterTheFirstPageNeverAShorterList()
    {
        var source = new PagedSource(60, 50) { Override = page => page == 2 ? new NumberedPage<string>(null, null) : null };
        var emitted = new List<string>();

        var error = await Assert.ThrowsAsync<ProviderException>(async () =>
        {
            await foreach (var id in Paginator.StreamAsync(source.Listing(), new PagingOptions { MaxInFlight = 4 }))
            {
                emitted.Add(id);
            }
        });

        Assert.Equal(ProviderErrorKind.Api, error.Kind);
        Assert.Contains("page 2 without its list", error.Message);
        Assert.Contains("announced 60 items", error.Message);
        Assert.Equal(50, emitted.Count);
    }

    [Fact]
    public async Task Numbered_FirstPageHasNoList_Throws()
    {
        var source = new PagedSource(10, 50) { Override = _ => new NumberedPage<string>(null, null) };

        var error = await Assert.ThrowsAsync<ProviderException>(() => Paginator.ToListAsync(Paginator.StreamAsync(source.Listing())));

        Assert.Contains("page 1 without its list", error.Message);
    }

    [Fact]
    public async Task Numbered_TotalsChangeBetweenPages_ReadsAgainAndEmitsWhatShifted()
    {
        var source = new PagedSource(150, 50);
        var original = source.Items;
        var changed = 0;
        source.BeforeAnswer = (page, ct) =>
        {
            // Before page 2 is answered, someone else deletes ten items of page 1 and adds three at the end.
            if (page == 2 && Interlocked.Exchange(ref changed, 1) == 0)
            {
                foreach (var id in original.Take(10)) source.Delete(id);
                for (var i = 0; i < 3; i++) source.Add("new" + i);
            }

            return Task.CompletedTask;
        };

        var emitted = await Paginator.ToListAsync(Paginator.StreamAsync(source.Listing(), new PagingOptions { MaxInFlight = 4 }));

        Assert.Equal(emitted.Count, emitted.Distinct().Count());
        Assert.Empty(original.Skip(10).Except(emitted));
        Assert.Contains("new0", emitted);
        Assert.Equal(150 + 3, emitted.Count);
        Assert.True(source.Requests > 3, "the changed list was read again");
    }

    [Fact]
    public async Task Numbered_TotalsChangeOnEveryPassWithNothingNew_FailsLoudly()
    {
        var source = new PagedSource(100, 50);
        var answers = 0;
        source.Override = page =>
        {
            // The same two pages, but a total that differs on every answer: the list never settles.
            var n = Interlocked.Increment(ref answers);
            var items = source.Items.Skip((page - 1) * 50).Take(50).ToList();
            return new NumberedPage<string>(items, 100 + n, null, 50);
        };

        var error = await Assert.ThrowsAsync<ProviderException>(() => Paginator.ToListAsync(Paginator.StreamAsync(source.Listing(), new PagingOptions { MaxInFlight = 4 })));

        Assert.Equal(ProviderErrorKind.Api, error.Kind);
        Assert.Contains("kept changing", error.Message);
        // Three pages a pass (a total of 101+ makes a third page): the first pass, then the fruitless ones.
        Assert.Equal((1 + Paginator.MaxFruitlessPasses) * 3, source.Requests);
    }

    [Fact]
    public async Task Numbered_Concurrent_NeverMoreRequestsInFlightThanTheBound()
    {
        var source = new PagedSource(1000, 50);
        source.BeforeAnswer = HoldUntilInFlight(source, 4);

        var all = await Paginator.ToListAsync(Paginator.StreamAsync(source.Listing(), new PagingOptions { MaxInFlight = 4 }));

        Assert.Equal(1000, all.Count);
        Assert.Equal(4, source.MaxInFlight);
        Assert.Equal(20, source.Requests);
    }

    [Fact]
    public async Task Numbered_PagesAnswerOutOfOrder_ItemsStillStreamInPageOrder()
    {
        var source = new PagedSource(50, 10);
        var gates = Enumerable.Range(0, 7).Select(_ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).ToArray();
        gates[5].SetResult();
        var answered = new List<int>();
        source.BeforeAnswer = async (page, ct) =>
        {
            if (page == 1) return;
            await gates[page].Task.WaitAsync(TimeSpan.FromSeconds(5), ct);
            lock (answered) answered.Add(page);
            gates[page - 1].TrySetResult();
        };

        var all = await Paginator.ToListAsync(Paginator.StreamAsync(source.Listing(), new PagingOptions { MaxInFlight = 8, PrefetchAfter = 0 }));

        Assert.Equal(new[] { 5, 4, 3, 2 }, answered);
        Assert.Equal(source.Items, all);
    }

    [Fact]
    public async Task Numbered_ConsumerStopsAfterTheFirstItem_OnlyTheFirstPageIsRequested()
    {
        var source = new PagedSource(1000, 50);

        await foreach (var unused in Paginator.StreamAsync(source.Listing(), new PagingOptions { MaxInFlight = 16 }))
        {
            break;
        }

        Assert.Equal(1, source.Requests);
    }

    [Fact]
    public async Task Numbered_ConsumerStopsAfterPrefetch_InFlightPagesAreCancelledAndNoMoreRequested()
    {
        var source = new PagedSource(1000, 50);
        var cancelled = 0;
        source.BeforeAnswer = async (page, ct) =>
        {
            if (page == 1) return;
            try
            {
                await Task.Delay(Timeout.Infinite, ct);
            }
            catch (OperationCanceledException)
            {
                Interlocked.Increment(ref cancelled);
                throw;
            }
        };
        var taken = 0;

        await foreach (var unused in Paginator.StreamAsync(source.Listing(), new PagingOptions { MaxInFlight = 4, PrefetchAfter = 16 }))
        {
            if (++taken == 20) break;
        }

        // Item 17 asked for pages 2-4 (four pages held, the first one included); leaving cancelled and awaited them.
        Assert.Equal(4, source.Requests);
        Assert.Equal(3, Volatile.Read(ref cancelled));
        Assert.Equal(new[] { 1, 2, 3, 4 }, source.RequestedPages);
    }

    [Fact]
    public async Task Numbered_RateBudgetLow_OnePageAtATime()
    {
        var low = new RateLimitTracker();
        low.Update(3600, 100, DateTimeOffset.UtcNow.AddHours(1));
        var source = new PagedSource(1000, 50) { BeforeAnswer = (_, ct) => Task.Delay(5, ct) };

        var all = await Paginator.ToListAsync(Paginator.StreamAsync(source.Listing(), new PagingOptions { MaxInFlight = 16, Budget = low }));

        Assert.Equal(1000, all.Count);
        Assert.Equal(1, source.MaxInFlight);
        Assert.Equal(20, source.Requests);
    }

    [Fact]
    public async Task Numbered_RateBudgetHealthy_Bursts()
    {
        var healthy = new RateLimitTracker();
        healthy.Update(3600, 3000, DateTimeOffset.UtcNow.AddHours(1));
        var source = new PagedSource(1000, 50);
        source.BeforeAnswer = HoldUntilInFlight(source, 16);

        await Paginator.ToListAsync(Paginator.StreamAsync(source.Listing(), new PagingOptions { MaxInFlight = 16, Budget = healthy }));

        Assert.Equal(16, source.MaxInFlight);
    }

    [Fact]
    public async Task Numbered_FailedPage_ThrowsAndNothingIsSkipped()
    {
        var source = new PagedSource(500, 50)
        {
            BeforeAnswer = (page, ct) => page == 3 ? Task.FromException(ProviderException.Api(500, "boom")) : Task.CompletedTask,
        };
        var emitted = new List<string>();

        var error = await Assert.ThrowsAsync<ProviderException>(async () =>
        {
            await foreach (var id in Paginator.StreamAsync(source.Listing(), new PagingOptions { MaxInFlight = 4 }))
            {
                emitted.Add(id);
            }
        });

        Assert.Equal(500, error.StatusCode);
        Assert.Equal(source.Items.Take(100), emitted);
    }

    [Fact]
    public async Task Numbered_NoTotals_FollowsTheNextPageOneAtATime()
    {
        var source = new PagedSource(120, 50);
        var inner = source.Listing();
        var listing = new NumberedListing<string>("test", 50, async (page, ct) =>
        {
            var answer = await inner.FetchPage(page, ct);
            return new NumberedPage<string>(answer.Items, null, null, null, answer.NextPage);
        }, id => id);

        var all = await Paginator.ToListAsync(Paginator.StreamAsync(listing, new PagingOptions { MaxInFlight = 16 }));

        Assert.Equal(source.Items, all);
        Assert.Equal(3, source.Requests);
        Assert.Equal(1, source.MaxInFlight);
    }

    // Holds pages 2.. until `count` requests have been in flight at once (or a second passed), so a test sees the
    // bound reached without depending on timing; a paginator that launched fewer would only be slower, and fail.
    private static Func<int, CancellationToken, Task> HoldUntilInFlight(PagedSource source, int count)
    {
        var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        return async (page, ct) =>
        {
            if (source.MaxInFlight >= count) reached.TrySetResult();
            if (page == 1) return;
            try
            {
                await reached.Task.WaitAsync(TimeSpan.FromSeconds(1), ct);
            }
            catch (TimeoutException)
            {
            }
        };
    }

    [Fact]
    public async Task Cursor_SameIdTwice_EmittedOnce()
    {
        var pages = new Dictionary<string, (string[] Items, string? Next)>
        {
            [""] = (new[] { "a", "b" }, "t1"),
            ["t1"] = (new[] { "b", "c" }, null),
        };

        var all = await Paginator.ToListAsync(Paginator.StreamAsync<(string[] Items, string? Next), string>(
            (cursor, ct) => Task.FromResult(pages[cursor ?? string.Empty]), p => p.Items, p => p.Next, id => id));

        Assert.Equal(new[] { "a", "b", "c" }, all);
    }
}
