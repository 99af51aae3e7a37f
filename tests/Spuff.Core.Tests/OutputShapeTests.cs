using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Reflection;
using Spuff.Core;
using Xunit;

namespace Spuff.Core.Tests;

/// <summary>The pipeline objects' public shape: every public property is plain data that serializes as text.</summary>
public class OutputShapeTests
{
    [Fact]
    public void ProviderInstance_PublicProperties_AreTextOrPlainData()
    {
        // ConvertTo-Json reads every public property by reflection: a typed IPAddress/InstanceStatus/TimeSpan there
        // would be written as its inner fields.
        var allowed = new[] { typeof(string), typeof(DateTimeOffset), typeof(DateTimeOffset?), typeof(bool), typeof(IReadOnlyDictionary<string, string>) };
        foreach (var property in typeof(ProviderInstance).GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            Assert.Contains(property.PropertyType, allowed);
        }
    }

    [Fact]
    public void ProviderInstance_StatusAndAddress_AreTextWithTypedMethods()
    {
        var instance = new ProviderInstance("1", InstanceStatus.FromKind(InstanceStatusKind.New, "initializing"), IPAddress.Parse("203.0.113.1"), DateTimeOffset.UtcNow);
        Assert.Equal("New", instance.Status);
        Assert.Equal("203.0.113.1", instance.IPAddress);
        Assert.Equal("initializing", instance.GetStatus().Raw);
        Assert.Equal(IPAddress.Parse("203.0.113.1"), instance.GetIPAddress());
        Assert.Equal("Unknown(rebooting)", new ProviderInstance("2", InstanceStatus.Unknown("rebooting"), null, DateTimeOffset.UtcNow).Status);
    }

    [Fact]
    public void ProviderInstance_GetAge_IsMeasuredAtTheGivenTime()
    {
        var created = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var instance = new ProviderInstance("1", InstanceStatus.Active, null, created);
        Assert.Equal(TimeSpan.FromMinutes(5), instance.GetAge(created.AddMinutes(5)));
    }

    [Fact]
    public void LabelSet_ToString_IsSortedKeyValueTextThatParsesBack()
    {
        var instance = new ProviderInstance("1", InstanceStatus.Active, null, DateTimeOffset.UtcNow)
        {
            Labels = new Dictionary<string, string> { ["team"] = "qa", ["env"] = "dev", ["managed-by"] = "spuff" },
        };
        Assert.IsType<LabelSet>(instance.Labels);
        Assert.Equal("env=dev;managed-by=spuff;team=qa", instance.Labels.ToString());
        Assert.Equal(instance.Labels.OrderBy(p => p.Key), LabelSet.Parse(instance.Labels.ToString()).OrderBy(p => p.Key));
        Assert.Equal(new[] { "env", "managed-by", "team" }, instance.Labels.Keys);
    }

    [Fact]
    public void LabelSet_ParseOfBlankOrBareKeys_SkipsBlanksAndKeepsEmptyValues()
    {
        var labels = LabelSet.Parse(" ; a=1 ;b; ;c = x=y ");
        Assert.Equal(3, labels.Count);
        Assert.Equal("1", labels["a"]);
        Assert.Equal(string.Empty, labels["b"]);
        Assert.Equal("x=y", labels["c"]);
        Assert.Empty(LabelSet.Parse(null));
    }

    [Fact]
    public void Snapshot_RegionsAndLabels_HaveReadableText()
    {
        var snapshot = new Snapshot("9", "golden") { Regions = new List<string> { "nyc3", "ams3" }, Labels = null! };
        Assert.IsType<NameList>(snapshot.Regions);
        Assert.Equal("nyc3;ams3", snapshot.Regions.ToString());
        Assert.Empty(snapshot.Labels);
        Assert.Equal(string.Empty, snapshot.Labels.ToString());
    }
}
