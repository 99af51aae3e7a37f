using System;
using System.Collections.Generic;
using System.Text.Json.Serialization;

// Wire types of DigitalOcean API v2, only the fields Spuff reads or sends (snake_case via ProviderHttpClient.Json).
namespace Spuff.Providers.DigitalOcean
{
    internal sealed class DoDropletCreate
    {
        public string Name { get; set; } = string.Empty;

        public string Region { get; set; } = string.Empty;

        public string Size { get; set; } = string.Empty;

        /// <summary>A slug (string) or an image/snapshot id (integer).</summary>
        public object Image { get; set; } = string.Empty;

        /// <summary>Key ids (integers) or fingerprints (strings).</summary>
        public List<object> SshKeys { get; set; } = new List<object>();

        public string? UserData { get; set; }

        public List<string> Tags { get; set; } = new List<string>();

        public bool Monitoring { get; set; }
    }

    internal sealed class DoDropletResponse
    {
        public DoDroplet? Droplet { get; set; }
    }

    internal sealed class DoDropletList : IDoPage<DoDroplet>
    {
        private List<DoDroplet>? _droplets;

        /// <summary>Empty when the answer had no list; <see cref="IDoPage{T}.Items"/> tells the two apart.</summary>
        public List<DoDroplet> Droplets { get => _droplets ?? new List<DoDroplet>(); set => _droplets = value; }

        public DoLinks? Links { get; set; }

        public DoMeta? Meta { get; set; }

        List<DoDroplet>? IDoPage<DoDroplet>.Items => _droplets;
    }

    internal sealed class DoDroplet
    {
        public long Id { get; set; }

        public string Name { get; set; } = string.Empty;

        public string Status { get; set; } = string.Empty;

        public DateTimeOffset CreatedAt { get; set; }

        public DoNetworks? Networks { get; set; }

        public DoRegion? Region { get; set; }

        public string? SizeSlug { get; set; }

        public DoImage? Image { get; set; }

        public List<string>? Tags { get; set; }
    }

    internal sealed class DoNetworks
    {
        public List<DoNetworkV4> V4 { get; set; } = new List<DoNetworkV4>();
    }

    internal sealed class DoNetworkV4
    {
        public string IpAddress { get; set; } = string.Empty;

        public string Type { get; set; } = string.Empty;
    }

    internal sealed class DoRegion
    {
        public string Slug { get; set; } = string.Empty;

        public string? Name { get; set; }

        public bool Available { get; set; } = true;
    }

    internal sealed class DoImage
    {
        public long Id { get; set; }

        public string? Name { get; set; }

        public string? Slug { get; set; }

        public string? Distribution { get; set; }

        public string? Type { get; set; }

        public DateTimeOffset? CreatedAt { get; set; }

        public double? SizeGigabytes { get; set; }

        public List<string>? Regions { get; set; }

        public List<string>? Tags { get; set; }
    }

    internal sealed class DoImageResponse
    {
        public DoImage? Image { get; set; }
    }

    internal sealed class DoImageList : IDoPage<DoImage>
    {
        private List<DoImage>? _images;

        /// <summary>Empty when the answer had no list; <see cref="IDoPage{T}.Items"/> tells the two apart.</summary>
        public List<DoImage> Images { get => _images ?? new List<DoImage>(); set => _images = value; }

        public DoLinks? Links { get; set; }

        public DoMeta? Meta { get; set; }

        List<DoImage>? IDoPage<DoImage>.Items => _images;
    }

    internal sealed class DoSnapshot
    {
        /// <summary>A string in /v2/snapshots (an integer elsewhere).</summary>
        public string Id { get; set; } = string.Empty;

        public string Name { get; set; } = string.Empty;

        public DateTimeOffset? CreatedAt { get; set; }

        public string? ResourceId { get; set; }

        public string? ResourceType { get; set; }

        public double? SizeGigabytes { get; set; }

        public List<string>? Regions { get; set; }

        public List<string>? Tags { get; set; }
    }

    internal sealed class DoActionList : IDoPage<DoAction>
    {
        private List<DoAction>? _actions;

        public List<DoAction> Actions { get => _actions ?? new List<DoAction>(); set => _actions = value; }

        public DoLinks? Links { get; set; }

        public DoMeta? Meta { get; set; }

        List<DoAction>? IDoPage<DoAction>.Items => _actions;
    }

    internal sealed class DoSnapshotList : IDoPage<DoSnapshot>
    {
        private List<DoSnapshot>? _snapshots;

        /// <summary>Empty when the answer had no list; <see cref="IDoPage{T}.Items"/> tells the two apart.</summary>
        public List<DoSnapshot> Snapshots { get => _snapshots ?? new List<DoSnapshot>(); set => _snapshots = value; }

        public DoLinks? Links { get; set; }

        public DoMeta? Meta { get; set; }

        List<DoSnapshot>? IDoPage<DoSnapshot>.Items => _snapshots;
    }

    internal sealed class DoActionCreate
    {
        public string Type { get; set; } = string.Empty;

        public string? Name { get; set; }
    }

    internal sealed class DoActionResponse
    {
        public DoAction? Action { get; set; }
    }

    internal sealed class DoAction
    {
        public long Id { get; set; }

        public string Status { get; set; } = string.Empty;

        public string? Type { get; set; }

        public DateTimeOffset? StartedAt { get; set; }

        public long? ResourceId { get; set; }

        public string? ResourceType { get; set; }
    }

    internal sealed class DoTagCreate
    {
        public string Name { get; set; } = string.Empty;
    }

    internal sealed class DoTagResources
    {
        public List<DoTagResource> Resources { get; set; } = new List<DoTagResource>();
    }

    internal sealed class DoTagResource
    {
        public string ResourceId { get; set; } = string.Empty;

        public string ResourceType { get; set; } = string.Empty;
    }

    internal sealed class DoSshKeyList : IDoPage<DoSshKey>
    {
        private List<DoSshKey>? _sshKeys;

        /// <summary>Empty when the answer had no list; <see cref="IDoPage{T}.Items"/> tells the two apart.</summary>
        public List<DoSshKey> SshKeys { get => _sshKeys ?? new List<DoSshKey>(); set => _sshKeys = value; }

        public DoLinks? Links { get; set; }

        public DoMeta? Meta { get; set; }

        List<DoSshKey>? IDoPage<DoSshKey>.Items => _sshKeys;
    }

    internal sealed class DoSshKey
    {
        public long Id { get; set; }

        public string Fingerprint { get; set; } = string.Empty;

        public string Name { get; set; } = string.Empty;
    }

    internal sealed class DoRegionList : IDoPage<DoRegion>
    {
        private List<DoRegion>? _regions;

        /// <summary>Empty when the answer had no list; <see cref="IDoPage{T}.Items"/> tells the two apart.</summary>
        public List<DoRegion> Regions { get => _regions ?? new List<DoRegion>(); set => _regions = value; }

        public DoLinks? Links { get; set; }

        public DoMeta? Meta { get; set; }

        List<DoRegion>? IDoPage<DoRegion>.Items => _regions;
    }

    internal sealed class DoSize
    {
        public string Slug { get; set; } = string.Empty;

        public int Vcpus { get; set; }

        public int Memory { get; set; }

        public bool Available { get; set; } = true;
    }

    internal sealed class DoSizeList : IDoPage<DoSize>
    {
        private List<DoSize>? _sizes;

        /// <summary>Empty when the answer had no list; <see cref="IDoPage{T}.Items"/> tells the two apart.</summary>
        public List<DoSize> Sizes { get => _sizes ?? new List<DoSize>(); set => _sizes = value; }

        public DoLinks? Links { get; set; }

        public DoMeta? Meta { get; set; }

        List<DoSize>? IDoPage<DoSize>.Items => _sizes;
    }

    internal sealed class DoLinks
    {
        public DoPages? Pages { get; set; }
    }

    internal sealed class DoPages
    {
        public string? Next { get; set; }

        public string? Last { get; set; }
    }

    internal sealed class DoMeta
    {
        /// <summary>Every item of the listing; null when the answer did not say.</summary>
        public long? Total { get; set; }
    }

    /// <summary>One page of a DigitalOcean list: the list itself (null when the field was missing), links and meta.</summary>
    internal interface IDoPage<T>
    {
        List<T>? Items { get; }

        DoLinks? Links { get; }

        DoMeta? Meta { get; }
    }

    internal sealed class DoError
    {
        public string? Id { get; set; }

        public string? Message { get; set; }

        [JsonPropertyName("request_id")]
        public string? RequestId { get; set; }
    }
}
