using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Linq;

namespace Spuff.Core
{
    /// <summary>A read-only list of names (such as a snapshot's regions) whose text is "a;b", so
    /// <c>Export-Csv</c> writes the names instead of a type name. JSON still writes an array.</summary>
    public sealed class NameList : ReadOnlyCollection<string>
    {
        public static readonly NameList Empty = new NameList(Array.Empty<string>());

        private NameList(IList<string> names)
            : base(names)
        {
        }

        /// <summary>A copy of <paramref name="names"/> (null: empty); a NameList is returned as is.</summary>
        public static NameList From(IEnumerable<string>? names) =>
            names is NameList list ? list : names == null ? Empty : new NameList(names.Where(n => n != null).ToArray());

        public override string ToString() => string.Join(";", this);
    }
}
