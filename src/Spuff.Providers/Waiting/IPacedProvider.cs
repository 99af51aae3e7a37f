using System;

namespace Spuff.Providers.Waiting
{
    /// <summary>
    /// A provider with an hourly request budget it can read from its responses. Waits that only see
    /// <c>IProvider</c> (a batch wait for many instances) ask it to stretch their pauses when the budget runs low.
    /// </summary>
    public interface IPacedProvider
    {
        /// <summary>The pause to use instead of <paramref name="pause"/>, given what is left of the budget.</summary>
        TimeSpan Pace(TimeSpan pause);
    }
}
