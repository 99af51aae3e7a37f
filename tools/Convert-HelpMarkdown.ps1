#requires -Version 7.2
<#
.SYNOPSIS
    Turns PlatyPS-format markdown (docs/Spuff/*.md) into MAML help and about_*.help.txt files.
.DESCRIPTION
    PlatyPS is not available on the project's machines, so this small converter reads the subset of the PlatyPS
    schema 2.0.0 format that Spuff's pages use: SYNOPSIS, SYNTAX (one "### Set" per parameter set), DESCRIPTION,
    EXAMPLES ("### Example" with a code fence and remarks), PARAMETERS ("### -Name", text, a yaml metadata
    block), INPUTS, OUTPUTS, NOTES, RELATED LINKS. about_*.md pages become plain-text about topics.
    It fails (throws) on a page it cannot read, so a broken page breaks the build instead of shipping empty help.
.EXAMPLE
    ./tools/Convert-HelpMarkdown.ps1 -Path docs/Spuff -OutputPath out/Spuff/en-US -HelpFileName Spuff.PowerShell.dll-Help.xml
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $Path,
    [Parameter(Mandatory)] [string] $OutputPath,
    [string] $HelpFileName = 'Spuff.PowerShell.dll-Help.xml'
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest

# Splits markdown into [ordered] sections keyed by the text of headings of one level ("## X").
function Split-Section {
    param([string[]] $Lines, [int] $Level)
    $marker = ('#' * $Level) + ' '
    $sections = [ordered]@{}
    $current = $null
    $inFence = $false
    foreach ($line in $Lines) {
        if ($line -match '^```') { $inFence = -not $inFence }
        if (-not $inFence -and $line.StartsWith($marker)) {
            $current = $line.Substring($marker.Length).Trim()
            $sections[$current] = [System.Collections.Generic.List[string]]::new()
            continue
        }
        if ($null -ne $current) { $sections[$current].Add($line) }
    }
    $sections
}

# Paragraphs of plain text (code fences removed), blank-line separated.
function Get-Paragraph {
    param([string[]] $Lines)
    $paragraphs = [System.Collections.Generic.List[string]]::new()
    $buffer = [System.Collections.Generic.List[string]]::new()
    $inFence = $false
    foreach ($line in $Lines) {
        if ($line -match '^```') { $inFence = -not $inFence; continue }
        if ($inFence) { continue }
        if ([string]::IsNullOrWhiteSpace($line)) {
            if ($buffer.Count) { $paragraphs.Add(($buffer -join ' ').Trim()); $buffer.Clear() }
        }
        else { $buffer.Add($line.Trim()) }
    }
    if ($buffer.Count) { $paragraphs.Add(($buffer -join ' ').Trim()) }
    , $paragraphs.ToArray()
}

# The contents of the first code fence.
function Get-Fence {
    param([string[]] $Lines, [int] $Index = 0)
    $blocks = [System.Collections.Generic.List[string]]::new()
    $buffer = $null
    foreach ($line in $Lines) {
        if ($line -match '^```') {
            if ($null -eq $buffer) { $buffer = [System.Collections.Generic.List[string]]::new() }
            else { $blocks.Add(($buffer -join "`n")); $buffer = $null }
            continue
        }
        if ($null -ne $buffer) { $buffer.Add($line) }
    }
    if ($blocks.Count -gt $Index) { $blocks[$Index] } else { $null }
}

function Add-Para {
    param([System.Xml.XmlWriter] $Writer, [string[]] $Paragraphs)
    $Writer.WriteStartElement('maml', 'description', $maml)
    if (-not $Paragraphs -or $Paragraphs.Count -eq 0) { $Paragraphs = @('') }
    foreach ($p in $Paragraphs) { $Writer.WriteElementString('maml', 'para', $maml, $p) }
    $Writer.WriteEndElement()
}

function Read-CommandPage {
    param([System.IO.FileInfo] $File)
    $lines = Get-Content -LiteralPath $File.FullName
    $top = Split-Section -Lines $lines -Level 1
    if ($top.Count -ne 1) { throw "$($File.Name): expected one '# <Command>' heading." }
    $name = @($top.Keys)[0]
    $sections = Split-Section -Lines $top[$name] -Level 2
    foreach ($required in 'SYNOPSIS', 'SYNTAX', 'DESCRIPTION', 'EXAMPLES', 'PARAMETERS', 'INPUTS', 'OUTPUTS') {
        if (-not $sections.Contains($required)) { throw "$($File.Name): missing section '## $required'." }
    }

    $parameters = foreach ($entry in (Split-Section -Lines $sections['PARAMETERS'] -Level 3).GetEnumerator()) {
        if ($entry.Key -eq 'CommonParameters') { continue }
        if (-not $entry.Key.StartsWith('-')) { throw "$($File.Name): parameter heading '$($entry.Key)' must start with '-'." }
        $yaml = Get-Fence -Lines $entry.Value
        if (-not $yaml) { throw "$($File.Name): parameter $($entry.Key) has no yaml metadata block." }
        $meta = @{}
        foreach ($line in $yaml -split "`n") {
            if ($line -match '^\s*([A-Za-z ]+):\s*(.*)$') { $meta[$Matches[1].Trim()] = $Matches[2].Trim() }
        }
        foreach ($key in 'Type', 'Parameter Sets', 'Required', 'Position', 'Accept pipeline input', 'Accept wildcard characters') {
            if (-not $meta.ContainsKey($key)) { throw "$($File.Name): parameter $($entry.Key) lacks '$key' in its metadata." }
        }
        [pscustomobject]@{
            Name        = $entry.Key.Substring(1)
            Description = Get-Paragraph -Lines $entry.Value
            Type        = $meta['Type']
            Sets        = @($meta['Parameter Sets'] -split ',\s*')
            Aliases     = if ($meta.ContainsKey('Aliases') -and $meta['Aliases']) { $meta['Aliases'] } else { 'none' }
            Required    = $meta['Required']
            Position    = $meta['Position']
            Default     = if ($meta.ContainsKey('Default value') -and $meta['Default value']) { $meta['Default value'] } else { 'None' }
            Pipeline    = $meta['Accept pipeline input']
            Globbing    = $meta['Accept wildcard characters']
        }
    }

    $examples = foreach ($entry in (Split-Section -Lines $sections['EXAMPLES'] -Level 3).GetEnumerator()) {
        $code = Get-Fence -Lines $entry.Value
        if (-not $code) { throw "$($File.Name): example '$($entry.Key)' has no code block." }
        [pscustomobject]@{ Title = $entry.Key; Code = $code; Remarks = Get-Paragraph -Lines $entry.Value }
    }

    $typed = {
        param($Lines)
        foreach ($entry in (Split-Section -Lines $Lines -Level 3).GetEnumerator()) {
            [pscustomobject]@{ Type = $entry.Key; Description = Get-Paragraph -Lines $entry.Value }
        }
    }

    [pscustomobject]@{
        Name        = $name
        Synopsis    = (Get-Paragraph -Lines $sections['SYNOPSIS']) -join ' '
        Description = Get-Paragraph -Lines $sections['DESCRIPTION']
        Sets        = @((Split-Section -Lines $sections['SYNTAX'] -Level 3).Keys | ForEach-Object { ($_ -replace '\s*\(Default\)\s*$', '').Trim() })
        Parameters  = @($parameters)
        Examples    = @($examples)
        Inputs      = @(& $typed $sections['INPUTS'])
        Outputs     = @(& $typed $sections['OUTPUTS'])
        Notes       = if ($sections.Contains('NOTES')) { Get-Paragraph -Lines $sections['NOTES'] } else { @() }
        Links       = if ($sections.Contains('RELATED LINKS')) { @($sections['RELATED LINKS'] | Where-Object { $_ -match '\[(.+?)\]' } | ForEach-Object { [regex]::Match($_, '\[(.+?)\]').Groups[1].Value }) } else { @() }
    }
}

function Write-Parameter {
    param([System.Xml.XmlWriter] $Writer, $Parameter)
    $Writer.WriteStartElement('command', 'parameter', $command)
    $Writer.WriteAttributeString('required', $Parameter.Required.ToLowerInvariant())
    $Writer.WriteAttributeString('variableLength', 'true')
    $Writer.WriteAttributeString('globbing', $Parameter.Globbing.ToLowerInvariant())
    $Writer.WriteAttributeString('pipelineInput', $Parameter.Pipeline)
    $Writer.WriteAttributeString('position', $(if ($Parameter.Position -eq 'Named') { 'named' } else { $Parameter.Position }))
    $Writer.WriteAttributeString('aliases', $Parameter.Aliases)
    $Writer.WriteElementString('maml', 'name', $maml, $Parameter.Name)
    Add-Para -Writer $Writer -Paragraphs $Parameter.Description
    if ($Parameter.Type -ne 'SwitchParameter') {
        # A switch has no value: without parameterValue, Get-Help shows [-Force] rather than [-Force <SwitchParameter>].
        $Writer.WriteStartElement('command', 'parameterValue', $command)
        $Writer.WriteAttributeString('required', 'true')
        $Writer.WriteAttributeString('variableLength', 'false')
        $Writer.WriteString($Parameter.Type)
        $Writer.WriteEndElement()
    }
    $Writer.WriteStartElement('dev', 'type', $dev)
    $Writer.WriteElementString('maml', 'name', $maml, $Parameter.Type)
    $Writer.WriteElementString('maml', 'uri', $maml, '')
    $Writer.WriteEndElement()
    $Writer.WriteElementString('dev', 'defaultValue', $dev, $Parameter.Default)
    $Writer.WriteEndElement()
}

function Write-TypeList {
    param([System.Xml.XmlWriter] $Writer, [string] $ListName, [string] $ItemName, $Items)
    $Writer.WriteStartElement('command', $ListName, $command)
    foreach ($item in $Items) {
        $Writer.WriteStartElement('command', $ItemName, $command)
        $Writer.WriteStartElement('dev', 'type', $dev)
        $Writer.WriteElementString('maml', 'name', $maml, $item.Type)
        $Writer.WriteEndElement()
        Add-Para -Writer $Writer -Paragraphs $item.Description
        $Writer.WriteEndElement()
    }
    $Writer.WriteEndElement()
}

$maml = 'http://schemas.microsoft.com/maml/2004/10'
$command = 'http://schemas.microsoft.com/maml/dev/command/2004/10'
$dev = 'http://schemas.microsoft.com/maml/dev/2004/10'

$null = New-Item -ItemType Directory -Force -Path $OutputPath
$pages = Get-ChildItem -LiteralPath $Path -Filter '*.md' | Where-Object Name -NotLike 'about_*' | Sort-Object Name
$settings = [System.Xml.XmlWriterSettings]@{ Indent = $true; Encoding = [System.Text.UTF8Encoding]::new($false) }
$helpFile = Join-Path $OutputPath $HelpFileName
$writer = [System.Xml.XmlWriter]::Create($helpFile, $settings)
try {
    $writer.WriteStartDocument()
    $writer.WriteStartElement('helpItems', 'http://msh')
    $writer.WriteAttributeString('schema', 'maml')
    foreach ($file in $pages) {
        $page = Read-CommandPage -File $file
        $verb, $noun = $page.Name -split '-', 2
        $writer.WriteStartElement('command', 'command', $command)
        $writer.WriteAttributeString('xmlns', 'maml', $null, $maml)
        $writer.WriteAttributeString('xmlns', 'command', $null, $command)
        $writer.WriteAttributeString('xmlns', 'dev', $null, $dev)
        $writer.WriteStartElement('command', 'details', $command)
        $writer.WriteElementString('command', 'name', $command, $page.Name)
        $writer.WriteElementString('command', 'verb', $command, $verb)
        $writer.WriteElementString('command', 'noun', $command, $noun)
        Add-Para -Writer $writer -Paragraphs @($page.Synopsis)
        $writer.WriteEndElement()
        Add-Para -Writer $writer -Paragraphs $page.Description

        $writer.WriteStartElement('command', 'syntax', $command)
        $sets = if ($page.Sets.Count) { $page.Sets } else { @('(All)') }
        foreach ($set in $sets) {
            $writer.WriteStartElement('command', 'syntaxItem', $command)
            $writer.WriteElementString('maml', 'name', $maml, $page.Name)
            foreach ($parameter in $page.Parameters | Where-Object { $_.Sets -contains '(All)' -or $_.Sets -contains $set }) {
                Write-Parameter -Writer $writer -Parameter $parameter
            }
            $writer.WriteEndElement()
        }
        $writer.WriteEndElement()

        $writer.WriteStartElement('command', 'parameters', $command)
        foreach ($parameter in $page.Parameters) { Write-Parameter -Writer $writer -Parameter $parameter }
        $writer.WriteEndElement()

        Write-TypeList -Writer $writer -ListName 'inputTypes' -ItemName 'inputType' -Items $page.Inputs
        Write-TypeList -Writer $writer -ListName 'returnValues' -ItemName 'returnValue' -Items $page.Outputs

        $writer.WriteStartElement('maml', 'alertSet', $maml)
        $writer.WriteStartElement('maml', 'alert', $maml)
        foreach ($note in @($page.Notes) + @('')) { if ($note -or -not $page.Notes) { $writer.WriteElementString('maml', 'para', $maml, $note) } }
        $writer.WriteEndElement()
        $writer.WriteEndElement()

        $writer.WriteStartElement('command', 'examples', $command)
        foreach ($example in $page.Examples) {
            $writer.WriteStartElement('command', 'example', $command)
            $writer.WriteElementString('maml', 'title', $maml, "-------------------------- $($example.Title) --------------------------")
            $writer.WriteElementString('dev', 'code', $dev, $example.Code)
            $writer.WriteStartElement('dev', 'remarks', $dev)
            foreach ($remark in @($example.Remarks) + @()) { $writer.WriteElementString('maml', 'para', $maml, $remark) }
            $writer.WriteEndElement()
            $writer.WriteEndElement()
        }
        $writer.WriteEndElement()

        $writer.WriteStartElement('command', 'relatedLinks', $command)
        foreach ($link in $page.Links) {
            $writer.WriteStartElement('maml', 'navigationLink', $maml)
            $writer.WriteElementString('maml', 'linkText', $maml, $link)
            $writer.WriteElementString('maml', 'uri', $maml, '')
            $writer.WriteEndElement()
        }
        $writer.WriteEndElement()
        $writer.WriteEndElement()
    }
    $writer.WriteEndElement()
    $writer.WriteEndDocument()
}
finally {
    $writer.Dispose()
}

# about_*.md: "# about_X" then "## SHORT DESCRIPTION", "## LONG DESCRIPTION", ... as an indented text topic.
foreach ($file in Get-ChildItem -LiteralPath $Path -Filter 'about_*.md') {
    $lines = Get-Content -LiteralPath $file.FullName
    $top = Split-Section -Lines $lines -Level 1
    $topic = @($top.Keys)[0]
    if ($topic -ne $file.BaseName) { throw "$($file.Name): the first heading must be '# $($file.BaseName)'." }
    $sections = Split-Section -Lines $top[$topic] -Level 2
    if (-not $sections.Contains('SHORT DESCRIPTION') -or -not $sections.Contains('LONG DESCRIPTION')) {
        throw "$($file.Name): needs '## SHORT DESCRIPTION' and '## LONG DESCRIPTION'."
    }
    $text = [System.Text.StringBuilder]::new()
    $null = $text.AppendLine('TOPIC').AppendLine("    $topic").AppendLine()
    foreach ($section in $sections.GetEnumerator()) {
        $null = $text.AppendLine($section.Key.ToUpperInvariant())
        foreach ($line in $section.Value) {
            if ($line -match '^```') { continue }
            $null = $text.AppendLine($(if ($line.Trim()) { '    ' + ($line -replace '^### ', '' ) } else { '' }))
        }
    }
    $target = Join-Path $OutputPath "$topic.help.txt"
    [System.IO.File]::WriteAllText($target, ($text.ToString().TrimEnd() + [Environment]::NewLine), [System.Text.UTF8Encoding]::new($false))
}

Get-Item -LiteralPath $helpFile
